import { describe, expect, it } from '@jest/globals';
import { ACR, authenticationContext, PASSKEY, PASSWORD_ONLY } from './authentication-context.js';
import { acrToClaim, meetsRequest, requestedAuthentication } from './requested-authentication.js';

const MFA = authenticationContext(['pwd', 'mfa', 'otp']);
const essentialAcr = (request: object) => JSON.stringify({ id_token: { acr: request } });

describe(requestedAuthentication.name, () => {
  it('reads acr_values as voluntary, in the order given', () => {
    expect(requestedAuthentication({ acr_values: `${ACR.multiFactor} ${ACR.passkey}` })).toEqual({ acrValues: [ACR.multiFactor, ACR.passkey], essential: false });
  });

  it('reads an essential acr claim with value or values, which wins over acr_values', () => {
    expect(requestedAuthentication({ claims: essentialAcr({ essential: true, value: ACR.passkey }), acr_values: ACR.password })).toEqual({
      acrValues: [ACR.passkey],
      essential: true,
    });
    expect(requestedAuthentication({ claims: essentialAcr({ essential: true, values: [ACR.multiFactor, ACR.passkey] }) }).acrValues).toEqual([ACR.multiFactor, ACR.passkey]);
  });

  it('treats an acr claim without essential as voluntary, and one without values as no request', () => {
    expect(requestedAuthentication({ claims: essentialAcr({ values: [ACR.multiFactor] }) })).toEqual({ acrValues: [ACR.multiFactor], essential: false });
    expect(requestedAuthentication({ claims: essentialAcr({ essential: true }) })).toEqual({ acrValues: [], essential: false });
  });

  it('ignores a claims parameter that is not JSON, and reads max_age', () => {
    expect(requestedAuthentication({ claims: '{not json', max_age: '300' })).toEqual({ acrValues: [], essential: false, maxAge: 300 });
    expect(requestedAuthentication({ max_age: 'soon' })).toEqual({ acrValues: [], essential: false });
  });
});

describe(meetsRequest.name, () => {
  it('is met by any sign-in when nothing is asked, and by one that meets one of the values otherwise', () => {
    expect(meetsRequest(PASSWORD_ONLY, { acrValues: [], essential: true })).toBe(true);
    expect(meetsRequest(PASSWORD_ONLY, { acrValues: [ACR.multiFactor], essential: true })).toBe(false);
    expect(meetsRequest(MFA, { acrValues: [ACR.passkey, ACR.multiFactor], essential: true })).toBe(true);
    expect(meetsRequest(PASSKEY, { acrValues: [ACR.multiFactor], essential: true })).toBe(true);
  });
});

describe(acrToClaim.name, () => {
  it('claims the first value asked for that the sign-in meets, else its own acr', () => {
    expect(acrToClaim(PASSKEY, { acrValues: [ACR.multiFactor], essential: false })).toBe(ACR.multiFactor);
    expect(acrToClaim(PASSKEY, { acrValues: [ACR.passkey, ACR.multiFactor], essential: false })).toBe(ACR.passkey);
    expect(acrToClaim(PASSWORD_ONLY, { acrValues: [ACR.multiFactor], essential: false })).toBe(ACR.password);
    expect(acrToClaim(MFA, { acrValues: [], essential: false })).toBe(ACR.multiFactor);
  });
});
