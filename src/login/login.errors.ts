/** The username/password pair was not accepted. Deliberately says nothing about which part was wrong. */
export class InvalidCredentialsError extends Error {
  constructor(readonly username: string) {
    super('Invalid credentials');
  }
}

/** Too many failed sign-ins from this address (for this account, or for any account). */
export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed sign-in attempts');
  }
}
