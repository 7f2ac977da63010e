import { describe, expect, it } from '@jest/globals';
import type { TrackedSignIn } from '../authsignal/authsignal.service.js';
import { decideAfterPassword } from './mfa-decision.js';

const tracked = (overrides: Partial<TrackedSignIn>): TrackedSignIn => ({
  state: 'ALLOW',
  isEnrolled: true,
  url: 'http://localhost:5003/prebuilt/?token=t',
  idempotencyKey: 'key-1',
  ...overrides,
});
const challenge = { kind: 'challenge', url: 'http://localhost:5003/prebuilt/?token=t', idempotencyKey: 'key-1' };

describe(decideAfterPassword.name, () => {
  it('finishes an allowed sign-in of an enrolled user', () => {
    expect(decideAfterPassword(tracked({}), 'required')).toEqual({ kind: 'finish' });
  });

  it('sends a challenged user to the pre-built UI', () => {
    expect(decideAfterPassword(tracked({ state: 'CHALLENGE_REQUIRED' }), 'required')).toEqual(challenge);
  });

  it('sends a user with no second factor to enrol one when MFA is required, and lets them in when it is optional', () => {
    expect(decideAfterPassword(tracked({ isEnrolled: false }), 'required')).toEqual(challenge);
    expect(decideAfterPassword(tracked({ isEnrolled: false }), 'optional')).toEqual({ kind: 'finish' });
  });

  it.each(['BLOCK', 'REVIEW_REQUIRED', 'CHALLENGE_FAILED', 'SOMETHING_NEW'])('refuses %s, whatever the enrolment policy', (state) => {
    expect(decideAfterPassword(tracked({ state }), 'optional')).toEqual({ kind: 'refuse', state });
    expect(decideAfterPassword(tracked({ state, isEnrolled: false }), 'required')).toEqual({ kind: 'refuse', state });
  });
});
