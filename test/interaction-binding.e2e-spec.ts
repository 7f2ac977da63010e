import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Authsignal, VerificationMethod } from '@authsignal/node';
import { type RunningEmulator, startEmulator } from '../authsignal-emulator/src/emulator.js';
import { UsersService } from '../src/users/users.service.js';
import { challengeEmailOtp, secondStepOf, trackTokenOf } from './support/authsignal-steps.js';
import { freePort } from '../bench/lib/free-port.js';
import { HttpBrowser } from './support/http-browser.js';
import { authsignalEnv, type RunningIdentityServer, startIdentityServer } from './support/identity-server.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const PASSWORD = 'Correct-horse-1';

/**
 * Interaction fixation: someone who can set cookies for the identity server's host starts a sign-in,
 * plants its interaction cookies in a victim's browser, lets the victim sign in, and tries to finish
 * the interaction from their own browser. Every step must come from the browser that passed the one
 * before it, and the resume from the browser that passed the last.
 */
describe('Interaction bound to the browser that signs in', () => {
  let testDb: TestDatabase;
  let emulator: RunningEmulator;
  let passwordOnly: RunningIdentityServer;
  let withMfa: RunningIdentityServer;
  let authsignal: Authsignal;
  let userCount = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const mfaPort = await freePort();
    emulator = await startEmulator({ port: 0, logLevel: 'silent', tenants: [{ expectedOrigins: [`http://localhost:${mfaPort}`] }] });
    // Its own emulator allows every sign-in: the password alone finishes the interaction.
    passwordOnly = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL });
    const secondDb = process.env.DATABASE_URL ? testDb.reopen() : testDb.db;
    withMfa = await startIdentityServer(secondDb, { CLIENT_APP_URL: CLIENT_URL, ...authsignalEnv(emulator) }, mfaPort);
    authsignal = new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl });
  });
  afterAll(async () => {
    await passwordOnly?.close();
    await withMfa?.close();
    await emulator?.close();
    await testDb?.close();
  });

  async function newUser(idp: RunningIdentityServer) {
    const username = `bound-user-${++userCount}`;
    const email = `${username}@example.com`;
    const user = await idp.app.get(UsersService).create({ username, password: PASSWORD, email, emailVerified: true });
    return { ...user, email, credentials: { username, password: PASSWORD } };
  }

  /** The attacker starts a sign-in and copies its interaction cookies (only those) into the victim's browser. */
  async function fixate(idp: RunningIdentityServer) {
    const rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
    const attacker = new HttpBrowser();
    const request = await rp.authorization();
    const loginPage = await attacker.get(request.url);
    const victim = new HttpBrowser();
    for (const cookie of attacker.allCookies().filter((stored) => stored.path.startsWith('/interaction/'))) {
      victim.setCookie(cookie.name, cookie.value, idp.issuer, cookie.path);
    }
    const victimPage = await victim.get(loginPage.url);
    expect(victimPage.body).toContain('Sign in');
    return { rp, request, attacker, victim, victimPage, resumeUrl: `${idp.issuer}/auth/${new URL(loginPage.url).pathname.split('/')[2]}` };
  }

  it('gives no code to the attacker who resumes an interaction the victim signed in to with a password', async () => {
    const user = await newUser(passwordOnly);
    const { attacker, victim, victimPage, resumeUrl } = await fixate(passwordOnly);
    const posted = await submitLogin(victim, victimPage, user.credentials, REDIRECT_URI);
    expect(posted.chain).toContain(resumeUrl);

    const hijack = await attacker.get(resumeUrl, { stopAt: REDIRECT_URI });
    expect(hijack.status).toBe(400);
    expect(hijack.body).toContain('This sign-in has expired');
    expect(hijack.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);
    // Nor did the attempt sign the attacker's browser in at the identity server.
    const again = await attacker.get((await (await RelyingParty.discover(passwordOnly.issuer, REDIRECT_URI)).authorization({ prompt: 'none' })).url, {
      stopAt: REDIRECT_URI,
    });
    expect(new URL(again.url).searchParams.get('error')).toBe('login_required');
  });

  it('keeps the MFA step and its pre-built UI link from a browser that did not pass the password', async () => {
    const user = await newUser(withMfa);
    await authsignal.enrollVerifiedAuthenticator({ userId: user.id, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: user.email } });
    const { attacker, victim, victimPage } = await fixate(withMfa);
    const prebuiltUi = await submitLogin(victim, victimPage, user.credentials, REDIRECT_URI);
    const { challengeUrl, callbackUrl } = secondStepOf(victimPage.url, prebuiltUi);
    expect(challengeUrl.startsWith(`${emulator.url}/prebuilt/`)).toBe(true);

    // The page that links to the pre-built UI (for a UI on another origin) shows the attacker nothing.
    const peek = await attacker.get(`${victimPage.url}/mfa`);
    expect(peek.status).toBe(400);
    expect(peek.body).not.toContain('/prebuilt/');

    // The victim completes the challenge; the token reaches the attacker (a leaked URL): still no code for them.
    const token = await challengeEmailOtp(emulator, trackTokenOf(challengeUrl), user.email);
    const stolenCallback = await attacker.get(`${callbackUrl}?token=${encodeURIComponent(token)}`, { stopAt: REDIRECT_URI });
    expect(stolenCallback.status).toBe(400);
    expect(stolenCallback.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);
  });

  it('gives no code to the attacker who resumes after the victim passed password and MFA', async () => {
    const user = await newUser(withMfa);
    await authsignal.enrollVerifiedAuthenticator({ userId: user.id, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: user.email } });
    const { attacker, victim, victimPage, resumeUrl } = await fixate(withMfa);
    const step = secondStepOf(victimPage.url, await submitLogin(victim, victimPage, user.credentials, REDIRECT_URI));
    const token = await challengeEmailOtp(emulator, trackTokenOf(step.challengeUrl), user.email);
    const callback = await victim.get(`${step.callbackUrl}?token=${encodeURIComponent(token)}`, { follow: false });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe(resumeUrl);

    const hijack = await attacker.get(resumeUrl, { stopAt: REDIRECT_URI });
    expect(hijack.status).toBe(400);
    expect(hijack.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);
  });

  it('renews the binding at every step, so a secret from the password step cannot resume the finished sign-in', async () => {
    const user = await newUser(withMfa);
    await authsignal.enrollVerifiedAuthenticator({ userId: user.id, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: user.email } });
    const rp = await RelyingParty.discover(withMfa.issuer, REDIRECT_URI);
    const browser = new HttpBrowser();
    const request = await rp.authorization();
    const loginPage = await browser.get(request.url);
    const step = secondStepOf(loginPage.url, await submitLogin(browser, loginPage, user.credentials, REDIRECT_URI));
    const afterPassword = browser.allCookies().find((cookie) => cookie.name === 'idp.binding' && cookie.path.startsWith('/auth/'))!.value;
    const token = await challengeEmailOtp(emulator, trackTokenOf(step.challengeUrl), user.email);
    const callback = await browser.get(`${step.callbackUrl}?token=${encodeURIComponent(token)}`, { follow: false });
    const resumeUrl = new URL(callback.headers.get('location')!, withMfa.issuer).toString();
    const afterMfa = browser.allCookies().find((cookie) => cookie.name === 'idp.binding' && cookie.path.startsWith('/auth/'))!.value;
    expect(afterMfa).not.toBe(afterPassword);

    browser.setCookie('idp.binding', afterPassword, withMfa.issuer, new URL(resumeUrl).pathname);
    expect((await browser.get(resumeUrl, { stopAt: REDIRECT_URI })).status).toBe(400);
  });

  it('still signs in the browser that did every step itself', async () => {
    const user = await newUser(passwordOnly);
    const rp = await RelyingParty.discover(passwordOnly.issuer, REDIRECT_URI);
    const signIn = await rp.signIn(new HttpBrowser(), user.credentials);
    expect((await rp.redeem(signIn.callbackUrl, signIn)).claims()).toMatchObject({ sub: user.id });
  });
});
