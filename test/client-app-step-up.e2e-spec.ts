import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VerificationMethod } from '@authsignal/node';
import { ACR } from '../src/oidc/authentication-context.js';
import { UsersService } from '../src/users/users.service.js';
import { challengeEmailOtp, secondStepOf, trackTokenOf } from './support/authsignal-steps.js';
import { type FullStack, startFullStack } from './support/full-stack.js';
import { HttpBrowser } from './support/http-browser.js';
import { submitLogin } from './support/relying-party.js';

const PASSWORD = 'Correct-horse-1';

/**
 * The client app's passkey page needs a sign-in with a second factor or a passkey. Authsignal's rules here
 * allow the password alone (`ALLOW`), so a user signs in to the app with a password; opening the passkey
 * page then asks the identity server for the multi-factor level (`acr_values`), which asks for the
 * password again and a second factor, and the page opens.
 */
describe('Step-up from the client app’s passkey page', () => {
  let stack: FullStack;

  beforeAll(async () => {
    stack = await startFullStack({ tenant: { defaultOutcome: 'ALLOW' } });
  });
  afterAll(() => stack?.stop());

  it('asks a password sign-in for a second factor before managing passkeys, then lets it in', async () => {
    const email = 'stepping-up@example.com';
    const user = await stack.idp.app.get(UsersService).create({ username: 'stepping-up', password: PASSWORD, email, emailVerified: true });
    await stack.authsignal.enrollVerifiedAuthenticator({ userId: user.id, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email } });
    const credentials = { username: 'stepping-up', password: PASSWORD };
    const browser = new HttpBrowser();

    const profile = await submitLogin(browser, await browser.get(`${stack.clientUrl}/login`), credentials, 'http://unused.invalid');
    expect(profile.url).toBe(`${stack.clientUrl}/profile`);
    expect(profile.body).toContain(ACR.password);

    // The passkey page sends the browser back to the identity server, which asks for the password again…
    const reauthentication = await browser.get(`${stack.clientUrl}/passkeys`);
    expect(reauthentication.url).toMatch(/\/interaction\/[^/]+$/);
    expect(reauthentication.chain.some((url) => new URL(url).searchParams.get('acr_values')?.includes(ACR.multiFactor))).toBe(true);
    // …and, although Authsignal would allow the password alone, for a second factor.
    const prebuiltUi = await submitLogin(browser, reauthentication, credentials, 'http://unused.invalid');
    expect(prebuiltUi.url.startsWith(`${stack.emulator.url}/prebuilt/`)).toBe(true);
    const { challengeUrl, callbackUrl } = secondStepOf(reauthentication.url, prebuiltUi);
    const token = await challengeEmailOtp(stack.emulator, trackTokenOf(challengeUrl), email);
    const passkeys = await browser.get(`${callbackUrl}?token=${encodeURIComponent(token)}`);
    expect(passkeys.url).toBe(`${stack.clientUrl}/passkeys`);
    expect(passkeys.status).toBe(200);
    expect(passkeys.body).toContain('Your passkeys');
    expect((await browser.get(`${stack.clientUrl}/profile`)).body).toContain(ACR.multiFactor);
  });
});
