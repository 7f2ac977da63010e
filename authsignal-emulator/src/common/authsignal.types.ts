/**
 * Authsignal's own vocabulary, as the official SDKs spell it (see reference/authsignal-api.md §1).
 * Kept as string unions plus value lists so DTOs, services and views share one definition.
 */

export const ACTION_STATES = [
  'ALLOW',
  'BLOCK',
  'CHALLENGE_REQUIRED',
  'CHALLENGE_SUCCEEDED',
  'CHALLENGE_FAILED',
  'REVIEW_REQUIRED',
  'REVIEW_SUCCEEDED',
  'REVIEW_FAILED',
] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** What a tenant decides for an enrolled user when an action is tracked. */
export const ACTION_OUTCOMES = ['ALLOW', 'CHALLENGE', 'REVIEW', 'BLOCK'] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

/** The methods the emulator can run end to end. SMS is stored (enrolled by the server API) but never sent. */
export const SUPPORTED_METHODS = ['PASSKEY', 'AUTHENTICATOR_APP', 'EMAIL_OTP'] as const;
export type SupportedMethod = (typeof SUPPORTED_METHODS)[number];

export const VERIFICATION_METHODS = [...SUPPORTED_METHODS, 'SMS'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const FAILURE_REASONS = {
  invalidOrExpired: 'CODE_INVALID_OR_EXPIRED',
  maxAttempts: 'MAX_ATTEMPTS_EXCEEDED',
} as const;
export type FailureReason = (typeof FAILURE_REASONS)[keyof typeof FAILURE_REASONS];

/** Scopes carried by client tokens (space-separated in the `scope` claim). */
export const SCOPES = {
  read: 'read:authenticators',
  add: 'add:authenticators',
  update: 'update:authenticators',
  remove: 'remove:authenticators',
} as const;

/** Tokens returned after a successful challenge or enrolment may manage authenticators (§3.1). */
export const MANAGEMENT_SCOPE = [SCOPES.read, SCOPES.add, SCOPES.update, SCOPES.remove].join(' ');

/** `^[a-zA-Z0-9_-]{1,64}$`: the action code rule of the track path (§2.1). */
export const ACTION_CODE_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export type CustomData = Record<string, string | number | boolean>;
