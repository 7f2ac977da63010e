import { setTimeout as sleep } from 'node:timers/promises';

/** How heavily the newest call weighs in the running average. */
const SMOOTHING = 0.2;
/** Never pad beyond this: a slow spell at Authsignal must not make every unknown identifier wait as long. */
const MAX_PADDING_MS = 3_000;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

const SYSTEM_CLOCK: Clock = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

/**
 * Keeps the answer for an identifier nobody is sent a code for about as slow as the answer for one who
 * is. The real calls to Authsignal are timed (a running average per operation); a request that has no
 * real call to make does a stand-in round trip and then waits out what the real call would have taken
 * on average. Per instance, which is enough: every instance answers both kinds of identifier.
 */
export class ResponseTimes {
  private readonly averages = new Map<string, number>();

  constructor(private readonly clock: Clock = SYSTEM_CLOCK) {}

  /** Runs the real call; a successful one's duration feeds the average (an outage's would only inflate it). */
  async measure<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const started = this.clock.now();
    const result = await call();
    const took = this.clock.now() - started;
    const average = this.averages.get(operation);
    this.averages.set(operation, average === undefined ? took : average + SMOOTHING * (took - average));
    return result;
  }

  /** Runs the stand-in, then waits until the average of the real `operation` has passed. */
  async imitate(operation: string, standIn: () => Promise<unknown>): Promise<void> {
    const started = this.clock.now();
    await standIn();
    const remaining = Math.min(this.averages.get(operation) ?? 0, MAX_PADDING_MS) - (this.clock.now() - started);
    if (remaining > 0) await this.clock.sleep(remaining);
  }

  /** The running average of `operation` in milliseconds, when it has run. */
  averageOf(operation: string): number | undefined {
    return this.averages.get(operation);
  }
}
