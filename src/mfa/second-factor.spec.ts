import { describe, expect, it } from '@jest/globals';
import { ACR, PASSWORD_ONLY } from '../oidc/authentication-context.js';
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

