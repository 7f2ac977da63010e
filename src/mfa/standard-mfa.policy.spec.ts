import { describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '../config/load-config.js';
import { EMAIL_CODE, PASSWORD_ONLY } from '../oidc/authentication-context.js';
import type { AuthsignalAssessment, ClientMfaSetting, MfaPolicyInput } from './mfa-policy.js';
import { StandardMfaPolicy } from './standard-mfa.policy.js';

const account = { id: 'user-1', username: 'carol', displayName: 'Carol', email: null, emailVerified: false, enabled: true };

function input(assessment: AuthsignalAssessment, overrides: { mfa?: ClientMfaSetting; wantsMultiFactor?: boolean; context?: MfaPolicyInput['context'] } = {}): MfaPolicyInput {
  return {
    account,
    client: { id: 'client-app', metadata: {}, mfa: overrides.mfa ?? 'authsignal' },
    requested: { acrValues: [], essential: false },
    wantsMultiFactor: overrides.wantsMultiFactor ?? false,
    context: overrides.context ?? PASSWORD_ONLY,
    circumstances: { ipAddress: '203.0.113.1' },
    authsignal: jest.fn(async () => assessment),
  };
}

const policy = (enrolment: 'required' | 'optional' = 'required') => new StandardMfaPolicy(loadConfig({ NODE_ENV: 'test', MFA_ENROLMENT: enrolment }));
const enrolled = (state: string) => ({ state, isEnrolled: true });
const notEnrolled = { state: 'ALLOW', isEnrolled: false };

describe(StandardMfaPolicy.name, () => {
  it('follows Authsignal for a client that leaves it to Authsignal: allow finishes, a challenge is a challenge', async () => {
    await expect(policy().decide(input(enrolled('ALLOW')))).resolves.toEqual({ kind: 'finish' });
    await expect(policy().decide(input(enrolled('CHALLENGE_REQUIRED')))).resolves.toEqual({ kind: 'challenge' });
  });

  it.each([
    ['a client that requires MFA', { mfa: 'required' as const }],
    ['a client that asks for the multi-factor acr', { wantsMultiFactor: true }],
    ['an optional client that asks for the multi-factor acr', { mfa: 'optional' as const, wantsMultiFactor: true }],
  ])('challenges even where Authsignal allows the password alone, for %s', async (_case, overrides) => {
    await expect(policy().decide(input(enrolled('ALLOW'), overrides))).resolves.toEqual({ kind: 'challenge' });
    await expect(policy('optional').decide(input(notEnrolled, overrides))).resolves.toEqual({ kind: 'challenge' });
  });

  it('has a user without a second factor enrol by MFA_ENROLMENT for an Authsignal client, and never for an optional one', async () => {
    await expect(policy('required').decide(input(notEnrolled))).resolves.toEqual({ kind: 'challenge' });
    await expect(policy('optional').decide(input(notEnrolled))).resolves.toEqual({ kind: 'finish' });
    await expect(policy('required').decide(input(notEnrolled, { mfa: 'optional' }))).resolves.toEqual({ kind: 'finish' });
  });

  it.each(['BLOCK', 'REVIEW_REQUIRED', 'CHALLENGE_FAILED', 'SOMETHING_NEW'])('refuses %s whatever the client and the request', async (state) => {
    await expect(policy().decide(input(enrolled(state), { mfa: 'optional' }))).resolves.toEqual({ kind: 'refuse', reason: state });
    await expect(policy().decide(input({ state, isEnrolled: false }, { wantsMultiFactor: true }))).resolves.toEqual({ kind: 'refuse', reason: state });
  });

  describe('after an email code', () => {
    const afterEmailCode = (assessment: AuthsignalAssessment, overrides: { mfa?: ClientMfaSetting; wantsMultiFactor?: boolean } = {}) =>
      input(assessment, { ...overrides, context: EMAIL_CODE });

    it.each([
      ['an enrolled user Authsignal would challenge after a password', enrolled('CHALLENGE_REQUIRED')],
      ['a user with no second factor, enrolment required', notEnrolled],
    ])('finishes for %s, without asking Authsignal’s sign-in rules', async (_case, assessment) => {
      const asked = afterEmailCode(assessment);
      await expect(policy('required').decide(asked)).resolves.toEqual({ kind: 'finish' });
      expect(asked.authsignal).not.toHaveBeenCalled();
    });

    it.each([
      ['a client that requires MFA', { mfa: 'required' as const }],
      ['a client that asks for the multi-factor acr', { wantsMultiFactor: true }],
    ])('asks for a second factor (the email code alone is not multi-factor) for %s', async (_case, overrides) => {
      await expect(policy().decide(afterEmailCode(enrolled('ALLOW'), overrides))).resolves.toEqual({ kind: 'challenge' });
      await expect(policy('optional').decide(afterEmailCode(notEnrolled, overrides))).resolves.toEqual({ kind: 'challenge' });
    });

    it('refuses where Authsignal blocks the second factor it was asked for', async () => {
      await expect(policy().decide(afterEmailCode(enrolled('BLOCK'), { wantsMultiFactor: true }))).resolves.toEqual({ kind: 'refuse', reason: 'BLOCK' });
    });
  });
});
