import { describe, expect, it } from '@jest/globals';
import { ACR, authenticationContext, PASSKEY, PASSWORD_ONLY, passwordAndSecondFactor } from './authentication-context.js';

describe(passwordAndSecondFactor.name, () => {
  it.each([
    ['AUTHENTICATOR_APP', ['pwd', 'mfa', 'otp']],
    ['EMAIL_OTP', ['pwd', 'mfa', 'otp']],
    ['SMS', ['pwd', 'mfa', 'sms']],
    ['PASSKEY', ['pwd', 'mfa', 'hwk']],
    ['SOMETHING_NEW', ['pwd', 'mfa']],
    [undefined, ['pwd', 'mfa']],
  ])('maps %s to amr %j at the MFA level', (method, amr) => {
    expect(passwordAndSecondFactor(method)).toEqual({ amr, acr: ACR.multiFactor });
  });
});

describe(authenticationContext.name, () => {
  it('derives the acr of each way to sign in from its methods', () => {
    expect(PASSWORD_ONLY).toEqual({ amr: ['pwd'], acr: ACR.password });
    expect(PASSKEY).toEqual({ amr: ['hwk', 'user'], acr: ACR.passkey });
    expect(authenticationContext(['pwd', 'mfa', 'otp']).acr).toBe(ACR.multiFactor);
  });
});
