/** Authsignal could not be reached or refused our credentials: sign-in fails closed, with an outage page. */
export class AuthsignalUnavailableError extends Error {
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`Authsignal is unavailable (${operation})`, options);
  }
}

/**
 * A challenge result that must not sign anyone in. `reason` is for the log only: the browser gets one
 * generic page, so it learns nothing about which check failed.
 */
export class ChallengeRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`Challenge rejected: ${reason}`);
  }
}
