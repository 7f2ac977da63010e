import { setTimeout as sleep } from 'node:timers/promises';

/** How many recent durations of each call are kept. */
const KEPT = 64;
/** Never pad beyond this: a slow spell at Authsignal must not make every unknown identifier wait as long. */
const MAX_PADDING_MS = 3_000;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

const SYSTEM_CLOCK: Clock = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

/**
 * Keeps the answer for an identifier nobody is sent a code for as slow as the answer for one who is.
 * A request with no real call to make does a stand-in round trip to Authsignal instead, whose time
 * varies as a real call's does (the same network, the same service), then waits out the difference
 * between the recent real calls' median and the recent stand-ins' median. Its time so takes the stand-in's
 * spread around the real calls' middle; waiting for a real call's duration *after* the stand-in instead
 * would make strangers slower by the stand-in's own time. Per instance, which is enough: every instance
 * answers both kinds of identifier.
 */
export class ResponseTimes {
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly clock: Clock = SYSTEM_CLOCK) {}

  /** Runs the real call; a successful one's duration is kept (an outage's would only teach the stand-ins to hang). */
  async measure<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return this.timed(operation, call);
  }

  /** Runs the stand-in for `operation`, then waits as much longer as real calls usually take beyond stand-ins. */
  async imitate(operation: string, standIn: () => Promise<unknown>): Promise<void> {
    const padding = Math.min(MAX_PADDING_MS, median(this.recent.get(operation)) - median(this.recent.get(standInOf(operation))));
    await this.timed(standInOf(operation), standIn);
    if (padding > 0) await this.clock.sleep(padding);
  }

  private async timed<T>(key: string, call: () => Promise<T>): Promise<T> {
    const started = this.clock.now();
    const result = await call();
    const durations = this.recent.get(key) ?? [];
    durations.push(this.clock.now() - started);
    if (durations.length > KEPT) durations.shift();
    this.recent.set(key, durations);
    return result;
  }
}

const standInOf = (operation: string) => `${operation}:stand-in`;

function median(durations: number[] | undefined): number {
  if (!durations?.length) return 0;
  const sorted = [...durations].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
