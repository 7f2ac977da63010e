/**
 * The one error type of the emulator's services. The exception filter turns it into Authsignal's error body
 * `{ error, errorCode, errorDescription }` (reference §0.4): `error` and `errorCode` carry the same code because
 * the node SDK reads `error` and the browser, Go and Python SDKs read `errorCode`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'ApiError';
  }

  toBody(): { error: string; errorCode: string; errorDescription: string } {
    return { error: this.code, errorCode: this.code, errorDescription: this.description };
  }
}

/** Word for word what the real API answers to a wrong secret (seen by three SDK integration suites). */
export const UNAUTHORIZED_DESCRIPTION =
  'The request is unauthorized. Check that your API key and region base URL are correctly configured.';

/** Every error the emulator answers, with its status and code in one place (the README lists them). */
export const Errors = {
  unauthorized: () => new ApiError(401, 'unauthorized', UNAUTHORIZED_DESCRIPTION),
  invalidRequest: (description: string) => new ApiError(400, 'invalid_request', description),
  notFound: (description: string) => new ApiError(404, 'not_found', description),
  notImplemented: (description: string) => new ApiError(404, 'invalid_request', description),
  expiredToken: () =>
    new ApiError(401, 'expired_token', 'The token has expired. Track a new action on your server to get a new one.'),
  invalidToken: (description = 'The token is invalid.') => new ApiError(401, 'invalid_token', description),
  invalidCredential: (description: string) => new ApiError(400, 'invalid_credential', description),
  invalidChallenge: (description: string) => new ApiError(400, 'invalid_challenge', description),
  insufficientScope: () =>
    new ApiError(
      403,
      'insufficient_scope',
      'This user already has an authenticator: adding another needs a token with the add:authenticators scope ' +
        '(track the action with that scope, or complete a challenge first).',
    ),
  actionNotAllowed: (state: string) =>
    new ApiError(403, 'action_not_allowed', `The action is in state ${state} and cannot be completed with a challenge.`),
  tooManyRequests: (description: string) => new ApiError(429, 'too_many_requests', description),
} as const;
