import { Histogram, type Registry } from 'prom-client';

/**
 * Each call to Authsignal's server API (`authsignal_request_duration_seconds`), by SDK operation and
 * outcome: `ok`, or what went wrong (`timeout`, `unreachable`, `server_error`, `rejected`, …), so that a
 * dashboard shows its latency and an alert its errors. The wrappers of the SDK classify the outcome;
 * they alone know its errors.
 */
export class AuthsignalCallMetrics {
  private readonly duration: Histogram<'operation' | 'outcome'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'authsignal_request_duration_seconds',
      help: 'Calls to the Authsignal server API by operation and outcome (ok, or the kind of failure)',
      labelNames: ['operation', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** Times `call`, recording its outcome as `outcomeOf` classifies the error (or `ok`); the result or error passes through. */
  async time<T>(operation: string, call: () => Promise<T>, outcomeOf: (error: unknown) => string): Promise<T> {
    const stop = this.duration.startTimer({ operation });
    try {
      const result = await call();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: outcomeOf(error) });
      throw error;
    }
  }
}
