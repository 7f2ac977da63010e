import { describe, expect, it } from '@jest/globals';
import { ACR, authenticationContext, EMAIL_CODE, meetsAcr, PASSKEY, PASSWORD_ONLY, withMethods } from './authentication-context.js';

describe(authenticationContext.name, () => {
  it('derives the acr of each way to sign in from its methods', () => {
    expect(PASSWORD_ONLY).toEqual({ amr: ['pwd'], acr: ACR.password });
    expect(PASSKEY).toEqual({ amr: ['hwk', 'user'], acr: ACR.passkey });
    expect(authenticationContext(['pwd', 'mfa', 'otp']).acr).toBe(ACR.multiFactor);
    expect(EMAIL_CODE).toEqual({ amr: ['otp'], acr: ACR.emailCode });
  });

  it('gives more than one factor the multi-factor level whatever the first was', () => {
    expect(authenticationContext(['otp', 'mfa', 'hwk']).acr).toBe(ACR.multiFactor);
    expect(authenticationContext(['otp', 'mfa']).acr).toBe(ACR.multiFactor);
  });
});

describe(meetsAcr.name, () => {
  it.each([
    [PASSWORD_ONLY, ACR.password, true],
    [PASSWORD_ONLY, ACR.multiFactor, false],
    [PASSWORD_ONLY, ACR.passkey, false],
    [authenticationContext(['pwd', 'mfa', 'otp']), ACR.multiFactor, true],
    [authenticationContext(['pwd', 'mfa', 'otp']), ACR.password, true],
    [authenticationContext(['pwd', 'mfa', 'otp']), ACR.passkey, false],
    [PASSKEY, ACR.passkey, true],
    [PASSKEY, ACR.multiFactor, true],
    [PASSKEY, ACR.password, true],
    [PASSKEY, 'urn:somewhere-else:gold', false],
    [PASSKEY, ACR.emailCode, true],
    [EMAIL_CODE, ACR.emailCode, true],
    [EMAIL_CODE, ACR.password, false],
    [EMAIL_CODE, ACR.multiFactor, false],
    [EMAIL_CODE, ACR.passkey, false],
    [PASSWORD_ONLY, ACR.emailCode, false],
    [authenticationContext(['otp', 'mfa', 'otp']), ACR.emailCode, true],
  ])('%j meets %s: %s', (context, acr, meets) => {
    expect(meetsAcr(context, acr)).toBe(meets);
  });
});

describe(withMethods.name, () => {
  it('adds methods once, and the acr follows', () => {
    expect(withMethods(PASSWORD_ONLY, ['mfa', 'otp', 'pwd'])).toEqual({ amr: ['pwd', 'mfa', 'otp'], acr: ACR.multiFactor });
    expect(withMethods(EMAIL_CODE, ['mfa', 'hwk'])).toEqual({ amr: ['otp', 'mfa', 'hwk'], acr: ACR.multiFactor });
  });
});
