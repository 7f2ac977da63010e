/** The identity server's discovery document could not be fetched or was not valid: nothing that needs it can work. */
export class IdentityServerUnavailableError extends Error {
  constructor(issuer: string, options?: { cause?: unknown }) {
    super(`The identity server at ${issuer} is unavailable`, options);
  }
}

/**
 * Why a sign-in did not complete, in the words the error page uses:
 * - `cancelled`: the user (or the identity server on their behalf) declined, e.g. `error=access_denied`;
 * - `expired`: no sign-in was pending in this browser session (reloaded callback, stale tab, expired session);
 * - `failed`: the identity server's answer did not verify (state, nonce, PKCE, ID token) or the code exchange failed.
 */
export type SignInFailureReason = 'cancelled' | 'expired' | 'failed';

export class SignInFailedError extends Error {
  constructor(
    readonly reason: SignInFailureReason,
    options?: { cause?: unknown },
  ) {
    super(`Sign-in ${reason}`, options);
  }
}

/** A signed-out browser asked for a page that needs sign-in; the error filter turns it into a redirect to /login. */
export class SignInRequiredError extends Error {
  constructor(readonly returnTo?: string) {
    super('Sign-in required');
  }
}
