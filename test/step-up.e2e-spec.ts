import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Authsignal, VerificationMethod } from '@authsignal/node';
import type { RunningEmulator } from '../authsignal-emulator/src/emulator.js';
import { ACR } from '../src/oidc/authentication-context.js';
import { UsersService } from '../src/users/users.service.js';
import { challengeEmailOtp, secondStepOf, trackTokenOf } from './support/authsignal-steps.js';
import { type ClientsFile, clientsFile } from './support/clients-file.js';
import { HttpBrowser, inputValue } from './support/http-browser.js';
import { type IdentityServerWithEmulator, type RunningIdentityServer, startIdentityServerWithEmulator } from './support/identity-server.js';
import { passkeySignInToken, registerPasskey } from './support/passkey-steps.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const PASSWORD = 'Correct-horse-1';
const PAYROLL = {
  client_id: 'payroll',
  client_secret: 'payroll-secret-0123456789abcdef0123456789',
  redirect_uris: ['http://localhost:5997/callback'],
  grant_types: ['authorization_code'],
  first_party: true,
  mfa: 'required',
};
const essentialAcr = (...values: string[]) => JSON.stringify({ id_token: { acr: { essential: true, values } } });

/**
 * Step-up per OpenID Connect: a client that asks for the multi-factor acr gets a second factor even where
 * Authsignal's rules allow the password alone; a passkey meets that level; an essential acr the sign-in
 * does not meet ends with an error for the client, never a token with a lower acr. Authsignal's rules
 * here allow every sign-in (`ALLOW`), so any second factor seen is the step-up's doing.
 */
describe('Step-up with acr_values and an essential acr', () => {
  let testDb: TestDatabase;
  let emulator: RunningEmulator;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;
  let authsignal: Authsignal;
  let server: IdentityServerWithEmulator;
  let clients: ClientsFile;
  let userCount = 0;

  beforeAll(async () => {
    clients = clientsFile([PAYROLL]);
    testDb = await createTestDatabase();
    server = await startIdentityServerWithEmulator(testDb.db, { tenant: { defaultOutcome: 'ALLOW' }, env: { CLIENT_APP_URL: CLIENT_URL, ...clients.env } });
    ({ idp, emulator, authsignal } = server);
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.close();
    clients?.remove();
  });

  /** A user with an email second factor enrolled. */
  async function enrolledUser() {
    const username = `step-up-${++userCount}`;
    const email = `${username}@example.com`;
    const user = await idp.app.get(UsersService).create({ username, password: PASSWORD, email, emailVerified: true });
    await authsignal.enrollVerifiedAuthenticator({ userId: user.id, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email } });
    return { ...user, email, credentials: { username, password: PASSWORD } };
  }

  async function passwordStep(extra: Record<string, string>, user: { credentials: { username: string; password: string } }, relyingParty = rp) {
    const browser = new HttpBrowser();
    const request = await relyingParty.authorization(extra);
    const loginPage = await browser.get(request.url);
    const page = await submitLogin(browser, loginPage, user.credentials, relyingParty.redirectUri);
    return { browser, request, page, loginPage };
  }

  /** Whether the password step sent the browser to a second factor: Authsignal's pre-built UI. */
  const atSecondFactor = (page: { url: string }) => page.url.startsWith(`${emulator.url}/prebuilt/`);

  async function secondFactor(browser: HttpBrowser, step: { loginPage: { url: string }; page: { url: string; body: string } }, email: string, redirectUri = REDIRECT_URI) {
    const { challengeUrl, callbackUrl } = secondStepOf(step.loginPage.url, step.page);
    const token = await challengeEmailOtp(emulator, trackTokenOf(challengeUrl), email);
    return browser.get(`${callbackUrl}?token=${encodeURIComponent(token)}`, { stopAt: redirectUri });
  }

  it('lets the password alone through when nothing is asked for (Authsignal allows it)', async () => {
    const user = await enrolledUser();
    const { request, page } = await passwordStep({}, user);
    expect(page.url.startsWith(REDIRECT_URI)).toBe(true);
    expect((await rp.redeem(page.url, request)).claims()).toMatchObject({ acr: ACR.password, amr: ['pwd'] });
  });

  it.each([
    ['acr_values', { acr_values: ACR.multiFactor }],
    ['an essential acr claim', { claims: essentialAcr(ACR.multiFactor) }],
  ])('gets a second factor for %s of the multi-factor level, and claims that level', async (_case, extra) => {
    const user = await enrolledUser();
    const { browser, request, ...step } = await passwordStep(extra, user);
    expect(atSecondFactor(step.page)).toBe(true);
    const callback = await secondFactor(browser, step, user.email);
    expect((await rp.redeem(callback.url, request)).claims()).toMatchObject({ acr: ACR.multiFactor, amr: ['pwd', 'mfa', 'otp'] });
  });

  it('ends an unmet essential acr with unmet_authentication_requirements for the client, and no code', async () => {
    const user = await enrolledUser();
    const { browser, ...step } = await passwordStep({ claims: essentialAcr(ACR.passkey) }, user);
    // The password and a second factor do not make a passkey.
    const ending = atSecondFactor(step.page) ? await secondFactor(browser, step, user.email) : step.page;
    const callback = new URL(ending.url);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('error')).toBe('unmet_authentication_requirements');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it.each([
    ['acr_values of the multi-factor level', { acr_values: ACR.multiFactor }, ACR.multiFactor],
    ['an essential multi-factor acr', { claims: essentialAcr(ACR.multiFactor) }, ACR.multiFactor],
    ['an essential passkey acr', { claims: essentialAcr(ACR.passkey) }, ACR.passkey],
  ])('lets a passkey sign-in meet %s, with no second factor', async (_case, extra, acr) => {
    const user = await enrolledUser();
    const passkey = await registerPasskey(emulator, user.id, user.username, idp.issuer);
    const browser = new HttpBrowser();
    const request = await rp.authorization(extra);
    const loginPage = await browser.get(request.url);
    const token = await passkeySignInToken(emulator, passkey, idp.issuer);
    const done = await browser.postForm(`${loginPage.url}/passkey`, { token, _csrf: inputValue(loginPage.body, '_csrf')! }, { stopAt: REDIRECT_URI });
    expect((await rp.redeem(done.url, request)).claims()).toMatchObject({ acr, amr: ['hwk', 'user'] });
  });

  it('gives every sign-in to a client set to mfa: required a second factor, where Authsignal would allow the password', async () => {
    const user = await enrolledUser();
    const payroll = await RelyingParty.discoverClient(idp.issuer, PAYROLL);
    const { browser, request, ...step } = await passwordStep({}, user, payroll);
    expect(atSecondFactor(step.page)).toBe(true);
    const callback = await secondFactor(browser, step, user.email, PAYROLL.redirect_uris[0]);
    expect((await payroll.redeem(callback.url, request)).claims()).toMatchObject({ acr: ACR.multiFactor });
  });

  it('advertises the acr values it honours and the claims parameter', async () => {
    const discovery = rp.config.serverMetadata();
    expect(discovery.acr_values_supported).toEqual([ACR.password, ACR.multiFactor, ACR.passkey, ACR.emailCode]);
    expect(discovery.claims_parameter_supported).toBe(true);
  });
});
