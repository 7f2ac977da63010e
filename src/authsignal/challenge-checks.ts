import { INPUT_LIMITS } from '../common/input-limits.js';

/**
 * The rules a challenge result must pass before it may sign anyone in. Pure functions, so each rule
 * has its own spec; `AuthsignalService` applies them to what Authsignal reports.
 */

/** What Authsignal says about a token (`validateChallenge`), in our words. */
export interface ChallengeResult {
  isValid: boolean;
  state?: string;
  userId?: string;
  actionCode?: string;
  idempotencyKey?: string;
  verificationMethod?: string;
}

/** What the callback that received the token expects of it. */
export interface ChallengeExpectation {
  /** The action code this callback serves: a token for any other action is refused. */
  actionCode: string;
  /** The user who passed the password step of this interaction (MFA); absent for passkey sign-in. */
  userId?: string;
  /** The action tracked for this interaction: a token for another sign-in, even of the same user, is refused. */
  idempotencyKey?: string;
  /**
   * The method the challenge must have been completed with (passkey sign-in: `PASSKEY`). Absent for
   * MFA, where any second factor Authsignal offered will do. An action can be completed by any method
   * through the server API, so the action code alone does not say how.
   */
  verificationMethod?: string;
}

/** Authsignal tokens are JWTs: base64url segments and dots. Anything else is not worth a network call. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,4}$/;

export function isPlausibleToken(token: unknown): token is string {
  return typeof token === 'string' && token.length <= INPUT_LIMITS.authsignalToken && TOKEN_PATTERN.test(token);
}

/** Why the result must be refused, or null when it proves a completed challenge for exactly what was expected. */
export function challengeRejection(result: ChallengeResult, expected: ChallengeExpectation): string | null {
  if (!result.isValid || result.state !== 'CHALLENGE_SUCCEEDED') return `challenge not completed (state ${result.state ?? 'none'})`;
  if (result.actionCode !== expected.actionCode) return `token is for action ${result.actionCode ?? 'none'}`;
  if (!result.userId) return 'token names no user';
  if (expected.userId !== undefined && result.userId !== expected.userId) return 'token is for another user';
  if (!result.idempotencyKey) return 'token names no action instance';
  if (expected.idempotencyKey !== undefined && result.idempotencyKey !== expected.idempotencyKey) return 'token is for another sign-in';
  if (expected.verificationMethod !== undefined && result.verificationMethod !== expected.verificationMethod) {
    return `challenge completed with ${result.verificationMethod ?? 'no method'}, not ${expected.verificationMethod}`;
  }
  return null;
}
