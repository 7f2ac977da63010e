/** Too many failed sign-ins from this address (for this account, or for any account). */
export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed sign-in attempts');
  }
}
