import { describe, expect, it } from '@jest/globals';
import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { ACR, EMAIL_CODE, PASSWORD_ONLY } from '../oidc/authentication-context.js';
import { withSecondFactor } from './second-factor.js';

describe(withSecondFactor.name, () => {
  it.each([
    ['AUTHENTICATOR_APP', ['pwd', 'mfa', 'otp']],
    ['EMAIL_OTP', ['pwd', 'mfa', 'otp']],
    ['SMS', ['pwd', 'mfa', 'sms']],
    ['PASSKEY', ['pwd', 'mfa', 'hwk']],
    ['SOMETHING_NEW', ['pwd', 'mfa']],
    [undefined, ['pwd', 'mfa']],
  ])('maps %s to amr %j at the MFA level', (method, amr) => {
    expect(withSecondFactor(PASSWORD_ONLY, method)).toEqual({ amr, acr: ACR.multiFactor });
  });
});

describe(`${withSecondFactor.name} after an email code`, () => {
  it.each([
    ['AUTHENTICATOR_APP', ['otp', 'mfa']],
    ['PASSKEY', ['otp', 'mfa', 'hwk']],
    ['SMS', ['otp', 'mfa', 'sms']],
  ])('counts %s as a second factor: amr %j at the MFA level', (method, amr) => {
    expect(withSecondFactor(EMAIL_CODE, method)).toEqual({ amr, acr: ACR.multiFactor });
  });

  it('refuses a second email code: the same mailbox twice is one factor', () => {
    expect(() => withSecondFactor(EMAIL_CODE, 'EMAIL_OTP')).toThrow(ChallengeRejectedError);
  });
});
