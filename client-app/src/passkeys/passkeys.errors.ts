/**
 * Why Authsignal could not be used right now, for the log (the user sees one message for all of them):
 * - `timeout`: no answer within the time we wait;
 * - `unreachable`: no usable answer (connection refused, DNS, reset, an error without a body);
 * - `rejected`: it refused our credentials (401/403): a configuration problem;
 * - `server_error`: it answered 5xx;
 * - `unexpected`: any other refusal of a request we believe well-formed.
 */
export type PasskeyServiceFailure = 'timeout' | 'unreachable' | 'rejected' | 'server_error' | 'unexpected';

/** Authsignal, which keeps the passkeys, cannot be used: the page says "try again later" (503). */
export class PasskeyServiceUnavailableError extends Error {
  constructor(
    readonly failure: PasskeyServiceFailure,
    operation: string,
    options?: { cause?: unknown },
  ) {
    super(`Authsignal ${operation} failed (${failure})`, options);
  }
}

/** The passkey asked for is not one of the signed-in user's (or no longer exists). */
export class PasskeyNotFoundError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('Passkey not found for this user', options);
  }
}

/** Adding or removing a passkey needs a more recent, or stronger, sign-in than the one this session has. */
export class ReauthenticationRequiredError extends Error {
  constructor() {
    super('A recent sign-in with a second factor or a passkey is required');
  }
}

/** The identity server was asked for a recent, strong sign-in and the sign-in that came back still is not one. */
export class ReauthenticationFailedError extends Error {
  constructor() {
    super('Re-authentication did not produce a recent sign-in at a required level');
  }
}
