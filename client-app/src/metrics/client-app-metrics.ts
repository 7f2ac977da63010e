import { Counter, type Registry } from 'prom-client';
import { IdentityServerUnavailableError, SignInFailedError } from '../auth/auth.errors.js';

/**
 * The client app's own figure: sign-ins that came back from the identity server, by outcome —
 * `success`, `cancelled`, `expired` or `failed` (as the error page words them), or `unavailable` when the
 * identity server could not be reached.
 */
export class ClientAppMetrics {
  private readonly signIns: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.signIns = new Counter({
      name: 'client_app_sign_ins_total',
      help: 'Sign-in callbacks from the identity server by outcome (success, cancelled, expired, failed, unavailable)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  /** Runs the callback's completion, counting how it ended; its result or error passes through. */
  async signIn<T>(complete: () => Promise<T>): Promise<T> {
    try {
      const result = await complete();
      this.signIns.inc({ outcome: 'success' });
      return result;
    } catch (error) {
      this.signIns.inc({ outcome: error instanceof SignInFailedError ? error.reason : error instanceof IdentityServerUnavailableError ? 'unavailable' : 'failed' });
      throw error;
    }
  }
}
