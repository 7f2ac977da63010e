import { describe, expect, it } from '@jest/globals';
import { type ChallengeResult, challengeRejection, isPlausibleToken } from './challenge-checks.js';

const succeeded = (overrides: Partial<ChallengeResult> = {}): ChallengeResult => ({
  isValid: true,
  state: 'CHALLENGE_SUCCEEDED',
  userId: 'user-1',
  actionCode: 'identity-server-login',
  idempotencyKey: 'key-1',
  verificationMethod: 'AUTHENTICATOR_APP',
  ...overrides,
});
const mfaExpectation = { actionCode: 'identity-server-login', userId: 'user-1', idempotencyKey: 'key-1' };

describe(challengeRejection.name, () => {
  it('accepts a completed challenge for the expected action, user and sign-in', () => {
    expect(challengeRejection(succeeded(), mfaExpectation)).toBeNull();
  });

  it('accepts any user for a passkey sign-in, which names no user in advance', () => {
    const passkeySignIn = succeeded({ actionCode: 'passkey-sign-in', userId: 'someone', verificationMethod: 'PASSKEY' });
    expect(challengeRejection(passkeySignIn, { actionCode: 'passkey-sign-in', verificationMethod: 'PASSKEY' })).toBeNull();
  });

  it.each([
    ['an authenticator-app code', 'AUTHENTICATOR_APP'],
    ['no method at all', undefined],
  ])('refuses a passkey sign-in completed with %s', (_case, verificationMethod) => {
    const completedOtherwise = succeeded({ actionCode: 'passkey-sign-in', verificationMethod });
    expect(challengeRejection(completedOtherwise, { actionCode: 'passkey-sign-in', verificationMethod: 'PASSKEY' })).toMatch(/not PASSKEY/);
  });

  it.each([
    ['a challenge still required', { isValid: false, state: 'CHALLENGE_REQUIRED' }, /not completed/],
    ['an ALLOW without a challenge', { isValid: false, state: 'ALLOW' }, /not completed/],
    ['a result claiming validity in another state', { state: 'REVIEW_REQUIRED' }, /not completed/],
    ['an unreadable token (no state)', { isValid: false, state: undefined }, /not completed/],
    ['a token for the enrolment action', { actionCode: 'add-passkey' }, /action add-passkey/],
    ["another user's token", { userId: 'user-2' }, /another user/],
    ['a token naming no user', { userId: undefined }, /no user/],
    ['a token from another sign-in of the same user', { idempotencyKey: 'key-2' }, /another sign-in/],
    ['a token naming no action instance', { idempotencyKey: undefined }, /no action instance/],
  ])('refuses %s', (_case, overrides, reason) => {
    expect(challengeRejection(succeeded(overrides), mfaExpectation)).toMatch(reason);
  });
});

describe(isPlausibleToken.name, () => {
  it('accepts a JWT', () => {
    expect(isPlausibleToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).toBe(true);
  });

  it.each([undefined, '', ['a', 'b'], { token: 'x' }, 'has spaces', 'a'.repeat(4097), '<script>', 'a..b'])('refuses %p', (token) => {
    expect(isPlausibleToken(token)).toBe(false);
  });
});
