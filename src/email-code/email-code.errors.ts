/** Why a typed code did not sign anyone in, as the code page words it. */
export type EmailCodeRefusal =
  /** Wrong, or a code Authsignal no longer accepts: one message for both, and for an identifier nobody was sent a code for. */
  | 'wrong'
  /** The code's time is up: a new one can be sent. */
  | 'expired'
  /** Too many tries at this code: only a new code helps. */
  | 'used-up'
  /** Too many tries from this address for this identifier: wait. */
  | 'throttled';

/** A code that signs nobody in: the code page again, with one message, and a new code on offer. */
export class EmailCodeRefusedError extends Error {
  constructor(
    readonly refusal: EmailCodeRefusal,
    /** The code asked for: the page says where it went and how long it lasts. */
    readonly pending: { identifier: string; codeExpiresAt: Date },
    readonly retryAfterSeconds?: number,
  ) {
    super(`Email code refused (${refusal})`);
  }
}
