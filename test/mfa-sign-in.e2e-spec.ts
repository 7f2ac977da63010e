import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Authsignal, VerificationMethod } from '@authsignal/node';
import { type RunningEmulator, startEmulator } from '../authsignal-emulator/src/emulator.js';
import { ACR } from '../src/oidc/authentication-context.js';
import { DEMO_TOTP_SECRET } from '../src/demo/demo-authenticator.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { UsersService } from '../src/users/users.service.js';
import { challengeEmailOtp, challengeTotp, enrolEmailOtp, type SecondStep, secondStepOf, trackTokenOf } from './support/authsignal-steps.js';
import { freePort } from '../bench/lib/free-port.js';
import { type BrowserResponse, HttpBrowser, inputValue } from './support/http-browser.js';
import { authsignalEnv, type RunningIdentityServer, startIdentityServer } from './support/identity-server.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const PASSWORD = 'Correct-horse-1';

/**
 * Password + MFA over HTTP against the real emulator, the second step driven through its client API as
 * the pre-built UI would. The browser suites walk the same flows in Chromium.
 */
describe('MFA after the password (identity server + Authsignal emulator)', () => {
  let testDb: TestDatabase;
  let emulator: RunningEmulator;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;
  let authsignal: Authsignal;
  let userCount = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const port = await freePort();
    emulator = await startEmulator({
      port: 0,
      logLevel: 'silent',
      tenants: [{ expectedOrigins: [`http://localhost:${port}`], actionOutcomes: { 'risky-login': 'BLOCK', 'held-login': 'REVIEW' } }],
    });
    idp = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL, ...authsignalEnv(emulator) }, port);
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
    authsignal = new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl });
  });
  afterAll(async () => {
    await idp?.close();
    await emulator?.close();
    await testDb?.close();
  });

  /** A user of their own per test (codes and rate limits are per user), enrolled with email OTP unless told otherwise. */
  async function newUser({ enrolled = true } = {}) {
    const username = `mfa-user-${++userCount}`;
    const email = `${username}@example.com`;
    const user = await idp.app.get(UsersService).create({ username, password: PASSWORD, email, emailVerified: true });
    if (enrolled) await authsignal.enrollVerifiedAuthenticator({ userId: user.id, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email } });
    return { ...user, credentials: { username, password: PASSWORD } };
  }

  /** Authorize, then the password: returns where the browser landed (the pre-built UI), the second step and the request's checks. */
  async function passwordStep(browser: HttpBrowser, credentials: { username: string; password: string }, extra: Record<string, string> = {}) {
    const request = await rp.authorization(extra);
    const loginPage = await browser.get(request.url, { stopAt: REDIRECT_URI });
    const page = await submitLogin(browser, loginPage, credentials, REDIRECT_URI);
    return { request, page, step: secondStepOf(loginPage.url, page) };
  }

  const returnWith = (browser: HttpBrowser, step: SecondStep, token: string) =>
    browser.get(`${step.callbackUrl}?token=${encodeURIComponent(token)}`, { stopAt: REDIRECT_URI });

  function expectRefusedWithoutCode(result: BrowserResponse, title = 'We could not verify this sign-in') {
    expect(result.status).toBe(400);
    expect(result.body).toContain(title);
    expect(result.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);
  }

  it('signs alice in with her password and the seeded authenticator app: amr pwd + mfa + otp', async () => {
    const browser = new HttpBrowser();
    const { request, page, step } = await passwordStep(browser, { username: 'alice', password: DEMO_PASSWORD });
    // Straight to the pre-built UI, no page of ours in between.
    expect(page.chain.slice(-2).map((url) => new URL(url).origin)).toEqual([idp.issuer, emulator.url]);
    expect(page.url.startsWith(`${emulator.url}/prebuilt/?`)).toBe(true);

    const token = await challengeTotp(emulator, trackTokenOf(step.challengeUrl), DEMO_TOTP_SECRET);
    const callback = await returnWith(browser, step, token);
    expect(callback.url.startsWith(REDIRECT_URI)).toBe(true);
    const claims = (await rp.redeem(callback.url, request)).claims()!;
    expect(claims).toMatchObject({ preferred_username: 'alice', amr: ['pwd', 'mfa', 'otp'], acr: ACR.multiFactor });
  });

  it('has a user with no second factor enrol one first when MFA is required', async () => {
    const user = await newUser({ enrolled: false });
    const browser = new HttpBrowser();
    const { request, step } = await passwordStep(browser, user.credentials);
    const token = await enrolEmailOtp(emulator, trackTokenOf(step.challengeUrl), user.email!);
    const callback = await returnWith(browser, step, token);
    const claims = (await rp.redeem(callback.url, request)).claims()!;
    expect(claims).toMatchObject({ sub: user.id, amr: ['pwd', 'mfa', 'otp'], acr: ACR.multiFactor });
    expect((await authsignal.getUser({ userId: user.id })).isEnrolled).toBe(true);
  });

  it('runs the password step on one instance and the second step on another sharing the database', async () => {
    const user = await newUser();
    const secondDb = testDatabaseUrl() ? testDb.reopen() : testDb.db;
    const second = await startIdentityServer(secondDb, { CLIENT_APP_URL: CLIENT_URL, ISSUER: idp.issuer, ...authsignalEnv(emulator) });
    const onSecond = (url: string) => Object.assign(new URL(url), { port: String(second.port) }).toString();
    try {
      const browser = new HttpBrowser();
      const request = await rp.authorization();
      const loginPage = await browser.get(request.url);
      const passwordPost = await browser.postForm(`${loginPage.url}/login`, { ...user.credentials, _csrf: inputValue(loginPage.body, '_csrf')! }, { follow: false });
      expect(passwordPost.status).toBe(303);
      const prebuiltUi = await browser.get(new URL(passwordPost.headers.get('location')!, loginPage.url).toString());
      const step = secondStepOf(loginPage.url, prebuiltUi);
      const token = await challengeEmailOtp(emulator, trackTokenOf(step.challengeUrl), user.email!);
      const callback = await browser.get(onSecond(`${step.callbackUrl}?token=${encodeURIComponent(token)}`), { follow: false });
      expect(callback.status).toBe(303);
      const done = await browser.get(new URL(callback.headers.get('location')!, idp.issuer).toString(), { stopAt: REDIRECT_URI });
      const claims = (await rp.redeem(done.url, request)).claims()!;
      expect(claims).toMatchObject({ sub: user.id, amr: ['pwd', 'mfa', 'otp'] });
    } finally {
      await second.close();
    }
  });

  describe('the callback refuses, with a page and no code', () => {
    it('a token already used to sign in', async () => {
      const user = await newUser();
      const browser = new HttpBrowser();
      const first = await passwordStep(browser, user.credentials);
      const token = await challengeEmailOtp(emulator, trackTokenOf(first.step.challengeUrl), user.email!);
      expect((await returnWith(browser, first.step, token)).url.startsWith(REDIRECT_URI)).toBe(true);

      // The same browser, signed in by now, asked to sign in again.
      const again = await passwordStep(browser, user.credentials, { prompt: 'login' });
      expectRefusedWithoutCode(await returnWith(browser, again.step, token));
    });

    it("another user's token", async () => {
      const [victim, other] = [await newUser(), await newUser()];
      const otherBrowser = new HttpBrowser();
      const others = await passwordStep(otherBrowser, other.credentials);
      const otherToken = await challengeEmailOtp(emulator, trackTokenOf(others.step.challengeUrl), other.email!);
      const browser = new HttpBrowser();
      const { step } = await passwordStep(browser, victim.credentials);
      expectRefusedWithoutCode(await returnWith(browser, step, otherToken));
    });

    it('a completed token for the passkey enrolment action', async () => {
      const user = await newUser();
      const enrolment = await authsignal.track({ userId: user.id, action: 'add-passkey', attributes: { scope: 'add:authenticators' } });
      const enrolmentToken = await challengeEmailOtp(emulator, enrolment.token, user.email!);
      expect(await authsignal.validateChallenge({ token: enrolmentToken })).toMatchObject({ state: 'CHALLENGE_SUCCEEDED' });
      const browser = new HttpBrowser();
      const { step } = await passwordStep(browser, user.credentials);
      expectRefusedWithoutCode(await returnWith(browser, step, enrolmentToken));
    });

    it('a token completed in another browser, for the same user', async () => {
      const user = await newUser();
      const browserA = new HttpBrowser();
      const a = await passwordStep(browserA, user.credentials);
      const tokenA = await challengeEmailOtp(emulator, trackTokenOf(a.step.challengeUrl), user.email!);
      const browserB = new HttpBrowser();
      const b = await passwordStep(browserB, user.credentials);
      expectRefusedWithoutCode(await returnWith(browserB, b.step, tokenA));
      // Browser B cannot continue browser A's interaction either: its interaction cookie is not there.
      const foreign = await returnWith(browserB, a.step, tokenA);
      expect(foreign.status).toBe(400);
      expect(foreign.body).toContain('This sign-in has expired');
      // And A, the browser the token belongs to, still completes its own sign-in.
      expect((await returnWith(browserA, a.step, tokenA)).url.startsWith(REDIRECT_URI)).toBe(true);
    });

    it.each([
      ['a missing token', undefined],
      ['an empty token', ''],
      ['a garbled token', 'not-a-token.at-all'],
      ['markup instead of a token', '<script>alert(1)</script>'],
      ['a forged token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ])('%s', async (_case, token) => {
      const user = await newUser();
      const browser = new HttpBrowser();
      const { step } = await passwordStep(browser, user.credentials);
      const url = token === undefined ? step.callbackUrl : `${step.callbackUrl}?token=${encodeURIComponent(token)}`;
      expectRefusedWithoutCode(await browser.get(url, { stopAt: REDIRECT_URI }));
    });

    it('a callback reached without the password step', async () => {
      const user = await newUser();
      const stranger = new HttpBrowser();
      const tracked = await authsignal.track({ userId: user.id, action: 'identity-server-login' });
      const token = await challengeEmailOtp(emulator, tracked.token, user.email!);
      const loginPage = await stranger.get((await rp.authorization()).url);
      const callbackUrl = `${loginPage.url}/mfa/callback?token=${encodeURIComponent(token)}`;
      expectRefusedWithoutCode(await stranger.get(callbackUrl, { stopAt: REDIRECT_URI }));
    });
  });

  describe('the passkey endpoint refuses, with a page and no code', () => {
    async function postPasskey(token: string, csrfOverride?: string) {
      const browser = new HttpBrowser();
      const loginPage = await browser.get((await rp.authorization()).url);
      const action = `${loginPage.url}/passkey`;
      return browser.postForm(action, { token, _csrf: csrfOverride ?? inputValue(loginPage.body, '_csrf')! }, { stopAt: REDIRECT_URI });
    }

    it('a completed token of the MFA action (not a passkey sign-in)', async () => {
      const user = await newUser();
      const tracked = await authsignal.track({ userId: user.id, action: 'identity-server-login' });
      expectRefusedWithoutCode(await postPasskey(await challengeEmailOtp(emulator, tracked.token, user.email!)));
    });

    it('a passkey sign-in action completed with a one-time code instead (possible through the client API)', async () => {
      const user = await newUser();
      const tracked = await authsignal.track({ userId: user.id, action: 'passkey-sign-in' });
      const completedWithCode = await challengeEmailOtp(emulator, tracked.token, user.email!);
      const validated = await authsignal.validateChallenge({ token: completedWithCode });
      // The token is genuine and completed, for the right action and an existing user: only its method is wrong.
      expect(validated).toMatchObject({ isValid: true, action: 'passkey-sign-in', verificationMethod: 'EMAIL_OTP' });
      expectRefusedWithoutCode(await postPasskey(completedWithCode));
    });

    it('a garbled token', async () => {
      expectRefusedWithoutCode(await postPasskey('garbled'));
    });

    it('refused tokens count like failed passwords: the address is throttled', async () => {
      // Counters live in the shared database: start from none, whatever the tests before this one refused.
      await testDb.db.query('DELETE FROM rate_limit_counters');
      const strict = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL, ...authsignalEnv(emulator), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '2' });
      try {
        const strictRp = await RelyingParty.discover(strict.issuer, REDIRECT_URI);
        const browser = new HttpBrowser();
        const loginPage = await browser.get((await strictRp.authorization()).url);
        const post = () => browser.postForm(`${loginPage.url}/passkey`, { token: 'garbled', _csrf: inputValue(loginPage.body, '_csrf')! }, { stopAt: REDIRECT_URI });
        expect((await post()).status).toBe(400);
        expect((await post()).status).toBe(400);
        const throttled = await post();
        expect(throttled.status).toBe(429);
        expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
      } finally {
        await strict.close();
      }
    });

    it('a post without the page’s CSRF token', async () => {
      const result = await postPasskey('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'forged');
      expect(result.status).toBe(403);
    });
  });

  describe("Authsignal's rules", () => {
    it.each([
      ['BLOCK', 'risky-login'],
      ['REVIEW_REQUIRED', 'held-login'],
    ])('%s refuses the sign-in with a page, and no session', async (_state, action) => {
      const strict = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL, ...authsignalEnv(emulator), AUTHSIGNAL_SIGN_IN_ACTION: action });
      try {
        const strictRp = await RelyingParty.discover(strict.issuer, REDIRECT_URI);
        const browser = new HttpBrowser();
        const loginPage = await browser.get((await strictRp.authorization()).url);
        const refused = await submitLogin(browser, loginPage, { username: 'alice', password: DEMO_PASSWORD }, REDIRECT_URI);
        expect(refused.status).toBe(403);
        expect(refused.body).toContain('Sign-in not allowed');
        const retry = await browser.get((await strictRp.authorization()).url, { stopAt: REDIRECT_URI });
        expect(retry.body).toContain('id="login-title"');
      } finally {
        await strict.close();
      }
    });
  });

  it('fails closed when Authsignal is down: an outage page, nobody signed in', async () => {
    const user = await newUser();
    await emulator.close();
    const browser = new HttpBrowser();
    const loginPage = await browser.get((await rp.authorization()).url);
    const result = await submitLogin(browser, loginPage, user.credentials, REDIRECT_URI);
    expect(result.status).toBe(503);
    expect(result.body).toContain('Sign-in is temporarily unavailable');
    const retry = await browser.get((await rp.authorization()).url, { stopAt: REDIRECT_URI });
    expect(retry.body).toContain('id="login-title"');
  });
});
