import type { TrackedSignIn } from '../authsignal/authsignal.service.js';

/** What follows a correct password. */
export type MfaDecision =
  /** The password suffices: Authsignal allows it and no enrolment is owed. */
  | { kind: 'finish' }
  /** A challenge, or a first enrolment, in Authsignal's pre-built UI. */
  | { kind: 'challenge'; url: string; idempotencyKey: string }
  /** Authsignal's rules block the sign-in or hold it for review. */
  | { kind: 'refuse'; state: string };

/**
 * Only `ALLOW` for an enrolled user (or for one who need not enrol) and a completed challenge sign in;
 * every other state — `BLOCK`, `REVIEW_REQUIRED`, anything new — is a refusal, never a fall-through.
 */
export function decideAfterPassword(tracked: TrackedSignIn, enrollment: 'required' | 'optional'): MfaDecision {
  const challenge: MfaDecision = { kind: 'challenge', url: tracked.url, idempotencyKey: tracked.idempotencyKey };
  if (tracked.state === 'CHALLENGE_REQUIRED') return challenge;
  if (tracked.state === 'ALLOW') {
    if (tracked.isEnrolled || enrollment === 'optional') return { kind: 'finish' };
    return challenge;
  }
  return { kind: 'refuse', state: tracked.state };
}
