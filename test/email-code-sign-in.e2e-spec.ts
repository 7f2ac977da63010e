import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Authsignal } from '@authsignal/node';
import type { RunningEmulator } from '../authsignal-emulator/src/emulator.js';
import { BUILT_IN_MESSAGES } from '../src/branding/messages.js';
import { DEMO_TOTP_SECRET } from '../src/demo/demo-authenticator.js';
import type { MfaPolicy } from '../src/mfa/mfa-policy.js';
import { ACR } from '../src/oidc/authentication-context.js';
import { UsersService } from '../src/users/users.service.js';
import { challengeEmailOtp, challengeTotp, secondStepOf, trackTokenOf, waitForOutboxCode } from './support/authsignal-steps.js';
import { type BrowserResponse, formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { type IdentityServerWithEmulator, type RunningIdentityServer, startIdentityServerWithEmulator } from './support/identity-server.js';
import { RelyingParty } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const { emailCode: COPY, errors: ERRORS } = BUILT_IN_MESSAGES;

/** The message a page shows above its form. */
const alertIn = (html: string): string | undefined => /<div class="alert error" role="alert" id="form-error">([^<]*)<\/div>/.exec(html)?.[1];

/**
 * Sign-in with an email code over HTTP against the real emulator and the unmodified node SDK: codes
 * come from the emulator's outbox, as a person would read them from their mailbox.
 */
describe('sign-in with an email code (identity server + Authsignal emulator)', () => {
  let testDb: TestDatabase;
  let pair: IdentityServerWithEmulator;
  let idp: RunningIdentityServer;
  let emulator: RunningEmulator;
  let authsignal: Authsignal;
  let rp: RelyingParty;
  let userCount = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    pair = await startIdentityServerWithEmulator(testDb.db, { env: { CLIENT_APP_URL: CLIENT_URL } });
    ({ idp, emulator, authsignal } = pair);
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
  });
  afterAll(async () => {
    await pair?.close();
    await testDb?.close();
  });

  /** A user of their own per test (codes and throttles are per user), with a verified address and nothing enrolled. */
  async function newUser(server: RunningIdentityServer = idp, overrides: { emailVerified?: boolean } = {}) {
    const username = `code-user-${++userCount}`;
    return server.app.get(UsersService).create({ username, password: 'Correct-horse-1', email: `${username}@example.com`, emailVerified: overrides.emailVerified ?? true });
  }

  interface CodePage {
    request: Awaited<ReturnType<RelyingParty['authorization']>>;
    loginPage: BrowserResponse;
    page: BrowserResponse;
  }

  /** Authorize, then "Email me a code" with `identifier`: the code page. */
  async function askForCode(browser: HttpBrowser, identifier: string, extra: Record<string, string> = {}, party = rp): Promise<CodePage> {
    const request = await party.authorization(extra);
    const loginPage = await browser.get(request.url, { stopAt: REDIRECT_URI });
    const action = formAction(loginPage.body, '/email-code');
    if (!action) throw new Error(`No email-code form on ${loginPage.url}`);
    const page = await browser.postForm(new URL(action, loginPage.url).toString(), { identifier, _csrf: inputValue(loginPage.body, '_csrf')! });
    return { request, loginPage, page };
  }

  /** Types `code` into the code page, as a person would; follows on until the client's callback. */
  const typeCode = (browser: HttpBrowser, page: BrowserResponse, code: string) =>
    browser.postForm(new URL(formAction(page.body, '/email-code/verify')!, page.url).toString(), { code, _csrf: inputValue(page.body, '_csrf')! }, { stopAt: REDIRECT_URI });

  async function claimsAfter(callback: BrowserResponse, request: CodePage['request']) {
    expect(callback.url.startsWith(REDIRECT_URI)).toBe(true);
    return (await rp.redeem(callback.url, request)).claims()!;
  }

  it('signs a user in with only a code from their mailbox: amr otp, acr email-code, no password, no second step', async () => {
    const user = await newUser();
    const browser = new HttpBrowser();
    const { request, page } = await askForCode(browser, user.username);
    expect(page.status).toBe(200);
    expect(page.body).toContain(COPY.codeTitle);

    const callback = await typeCode(browser, page, await waitForOutboxCode(emulator, user.email!));

    expect(callback.chain.some((url) => url.includes('/mfa'))).toBe(false);
    expect(await claimsAfter(callback, request)).toMatchObject({ sub: user.id, amr: ['otp'], acr: ACR.emailCode });
  });

  it('takes the email address instead of the username, in any case, and lets alice in by her mailbox alone (the way back in without her phone)', async () => {
    const browser = new HttpBrowser();
    const { request, page } = await askForCode(browser, 'ALICE@example.com');
    const callback = await typeCode(browser, page, await waitForOutboxCode(emulator, 'alice@example.com'));
    expect(await claimsAfter(callback, request)).toMatchObject({ preferred_username: 'alice', amr: ['otp'], acr: ACR.emailCode });
  });

  it('refuses a wrong code with the code page and one message, then takes the right one', async () => {
    const user = await newUser();
    const browser = new HttpBrowser();
    const { request, page } = await askForCode(browser, user.username);
    const code = await waitForOutboxCode(emulator, user.email!);

    const wrong = await typeCode(browser, page, code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(401);
    expect(alertIn(wrong.body)).toBe(COPY.wrong);

    expect(await claimsAfter(await typeCode(browser, page, code), request)).toMatchObject({ sub: user.id });
  });

  it('says a code has expired once its ten minutes are up, and a new code signs in', async () => {
    const user = await newUser();
    const browser = new HttpBrowser();
    const { request, page } = await askForCode(browser, user.username);
    const code = await waitForOutboxCode(emulator, user.email!);
    const uid = new URL(page.url).pathname.split('/')[2];
    await testDb.db.query(`UPDATE email_code_challenges SET code_expires_at = now() - interval '1 second' WHERE interaction_uid = $1`, [uid]);

    const expired = await typeCode(browser, page, code);
    expect(expired.status).toBe(401);
    expect(alertIn(expired.body)).toBe(COPY.expired);

    const resent = await browser.postForm(new URL(formAction(expired.body, '/email-code/resend')!, expired.url).toString(), { _csrf: inputValue(expired.body, '_csrf')! });
    expect(resent.body).toContain(COPY.resent);
    const callback = await typeCode(browser, resent, await waitForOutboxCode(emulator, user.email!, code));
    expect(await claimsAfter(callback, request)).toMatchObject({ sub: user.id, acr: ACR.emailCode });
  });

  it('never accepts a code twice: not in the finished sign-in, not in a new one, not claimed again at Authsignal', async () => {
    const user = await newUser();
    const browser = new HttpBrowser();
    const first = await askForCode(browser, user.username);
    const code = await waitForOutboxCode(emulator, user.email!);
    await claimsAfter(await typeCode(browser, first.page, code), first.request);

    const again = await typeCode(browser, first.page, code);
    expect(again.status).toBe(400);
    expect(again.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);

    const other = new HttpBrowser();
    const second = await askForCode(other, user.username);
    const newCode = await waitForOutboxCode(emulator, user.email!, code);
    const replayed = await typeCode(other, second.page, code);
    expect(replayed.status).toBe(401);
    expect(alertIn(replayed.body)).toBe(COPY.wrong);
    expect(await claimsAfter(await typeCode(other, second.page, newCode), second.request)).toMatchObject({ sub: user.id });
  });

  it('lets one of a burst of right answers sign in', async () => {
    const user = await newUser();
    const browser = new HttpBrowser();
    const { page } = await askForCode(browser, user.username);
    const code = await waitForOutboxCode(emulator, user.email!);

    const results = await Promise.all(Array.from({ length: 5 }, () => typeCode(browser, page, code)));

    expect(results.filter((result) => result.url.startsWith(REDIRECT_URI))).toHaveLength(1);
  });

  it('answers an identifier nobody is sent a code for exactly as one that has an account, and sends nothing', async () => {
    const known = await newUser();
    const unverified = await newUser(idp, { emailVerified: false });
    const normalised = (response: BrowserResponse, typed: string) =>
      response.body
        .replaceAll(new URL(response.url).pathname.split('/')[2], 'UID')
        .replaceAll(inputValue(response.body, '_csrf')!, 'CSRF')
        .replaceAll(typed, 'IDENTIFIER');
    const answer = async (identifier: string) => {
      const { page } = await askForCode(new HttpBrowser(), identifier);
      return { status: page.status, chain: page.chain.length, body: normalised(page, identifier) };
    };

    const forKnown = await answer(known.username);
    for (const identifier of ['nobody-here', 'nobody@example.com', unverified.username]) expect(await answer(identifier)).toEqual(forKnown);
    expect(emulator.outbox.latestCode('nobody@example.com')).toBeUndefined();
    expect(emulator.outbox.latestCode(unverified.email!)).toBeUndefined();
  });

  it('limits the tries at a code (Authsignal’s limit and ours), and throttles requests and codes per account and address like passwords', async () => {
    const user = await newUser();
    const browser = new HttpBrowser();
    const { page } = await askForCode(browser, user.username);
    const code = await waitForOutboxCode(emulator, user.email!);
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt < emulator.tenant.maxOtpAttempts; attempt++) {
      const typed = await typeCode(browser, page, wrongCode);
      expect([typed.status, alertIn(typed.body)]).toEqual([401, COPY.wrong]);
    }
    const lockedAtAuthsignal = await typeCode(browser, page, wrongCode);
    expect([lockedAtAuthsignal.status, alertIn(lockedAtAuthsignal.body)]).toEqual([429, COPY.usedUp]);
    const usedUpHere = await typeCode(browser, page, code);
    expect([usedUpHere.status, alertIn(usedUpHere.body)]).toEqual([429, COPY.usedUp]);

    // One request and five codes so far; a new code and three more make the ten an account may try from one address.
    const resent = await browser.postForm(new URL(formAction(page.body, '/email-code/resend')!, page.url).toString(), { _csrf: inputValue(page.body, '_csrf')! });
    expect(resent.body).toContain(COPY.resent);
    for (let attempt = 0; attempt < 3; attempt++) expect((await typeCode(browser, resent, wrongCode)).status).toBe(401);
    const throttled = await typeCode(browser, resent, await waitForOutboxCode(emulator, user.email!, code));

    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(alertIn(throttled.body)).toMatch(/^Too many tries\. Try again in \d+ minute/);
  });

  it('shows nothing of the code to another browser holding the interaction cookies, and takes no code from it', async () => {
    const user = await newUser();
    const victim = new HttpBrowser();
    const { page } = await askForCode(victim, user.username);
    const attacker = new HttpBrowser();
    for (const cookie of victim.allCookies().filter((stored) => stored.name !== 'idp.binding')) attacker.setCookie(cookie.name, cookie.value, page.url, cookie.path);

    const shown = await attacker.get(page.url);
    expect(shown.status).toBe(400);
    expect(shown.body).toContain(ERRORS.expired.title);
    const typed = await typeCode(attacker, page, await waitForOutboxCode(emulator, user.email!));
    expect(typed.status).toBe(400);
    expect(typed.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);
  });

  describe('with a second factor', () => {
    it('asks a client that wants the multi-factor acr for a second factor after the code: email code + authenticator app is mfa', async () => {
      const browser = new HttpBrowser();
      const previous = emulator.outbox.latestCode('alice@example.com');
      const { request, loginPage, page } = await askForCode(browser, 'alice', { acr_values: ACR.multiFactor });
      const afterCode = await typeCode(browser, page, await waitForOutboxCode(emulator, 'alice@example.com', previous));
      // Not signed in yet: the browser was sent on to a second factor.
      const { challengeUrl, callbackUrl } = secondStepOf(loginPage.url, afterCode);

      const token = await challengeTotp(emulator, trackTokenOf(challengeUrl), DEMO_TOTP_SECRET);
      const callback = await browser.get(`${callbackUrl}?token=${encodeURIComponent(token)}`, { stopAt: REDIRECT_URI });

      expect(await claimsAfter(callback, request)).toMatchObject({ preferred_username: 'alice', amr: ['otp', 'mfa'], acr: ACR.multiFactor });
    });

    it('does not count a second email code as a second factor', async () => {
      const user = await newUser();
      await authsignal.enrollVerifiedAuthenticator({ userId: user.id, attributes: { verificationMethod: 'EMAIL_OTP' as never, email: user.email! } });
      const browser = new HttpBrowser();
      const { loginPage, page } = await askForCode(browser, user.username, { acr_values: ACR.multiFactor });
      const first = await waitForOutboxCode(emulator, user.email!);
      const { challengeUrl, callbackUrl } = secondStepOf(loginPage.url, await typeCode(browser, page, first));

      const token = await challengeEmailOtp(emulator, trackTokenOf(challengeUrl), user.email!);
      const refused = await browser.get(`${callbackUrl}?token=${encodeURIComponent(token)}`, { stopAt: REDIRECT_URI });

      expect(refused.status).toBe(400);
      expect(refused.body).toContain(ERRORS.challengeRejected.title);
      expect(refused.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);
    });

    it('ends with unmet_authentication_requirements where the MFA policy lets an email code finish and the client demands mfa', async () => {
      const lenient: MfaPolicy = { decide: async () => ({ kind: 'finish' }) };
      const other = await startIdentityServerWithEmulator(testDb.db, { env: { CLIENT_APP_URL: CLIENT_URL }, overrides: { mfaPolicy: { useValue: lenient } } });
      try {
        const otherRp = await RelyingParty.discover(other.idp.issuer, REDIRECT_URI);
        const user = await newUser(other.idp);
        const browser = new HttpBrowser();
        const { page } = await askForCode(browser, user.username, { claims: JSON.stringify({ id_token: { acr: { essential: true, value: ACR.multiFactor } } }) }, otherRp);
        const callback = await typeCode(browser, page, await waitForOutboxCode(other.emulator, user.email!));

        expect(new URL(callback.url).searchParams.get('error')).toBe('unmet_authentication_requirements');
        expect(new URL(callback.url).searchParams.get('code')).toBeNull();
      } finally {
        await other.close();
      }
    });
  });

  describe('on a server whose Authsignal codes live one second', () => {
    let short: IdentityServerWithEmulator;
    let shortRp: RelyingParty;

    beforeAll(async () => {
      short = await startIdentityServerWithEmulator(testDb.db, { tenant: { emailOtpLifetimeSeconds: 1 }, env: { CLIENT_APP_URL: CLIENT_URL } });
      shortRp = await RelyingParty.discover(short.idp.issuer, REDIRECT_URI);
    });
    afterAll(() => short?.close());

    it('refuses a code Authsignal has expired like any wrong code (a stranger’s has no expiry of Authsignal’s to tell), and sends a new one', async () => {
      const user = await newUser(short.idp);
      const browser = new HttpBrowser();
      const { page } = await askForCode(browser, user.username, {}, shortRp);
      const code = await waitForOutboxCode(short.emulator, user.email!);
      await new Promise((resolve) => setTimeout(resolve, 1_100));

      const expired = await typeCode(browser, page, code);
      expect(expired.status).toBe(401);
      expect(alertIn(expired.body)).toBe(COPY.wrong);

      const resent = await browser.postForm(new URL(formAction(page.body, '/email-code/resend')!, page.url).toString(), { _csrf: inputValue(expired.body, '_csrf')! });
      expect(resent.body).toContain(COPY.resent);
      await waitForOutboxCode(short.emulator, user.email!, code);
    });

    it('fails closed when Authsignal is down: the outage page for a known and an unknown identifier alike, nobody signed in', async () => {
      const user = await newUser(short.idp);
      await short.emulator.close();
      for (const identifier of [user.username, 'nobody-at-all']) {
        const { page } = await askForCode(new HttpBrowser(), identifier, {}, shortRp);
        expect(page.status).toBe(503);
        expect(page.body).toContain(ERRORS.authsignalUnavailable.title);
      }
    });
  });

  it('is not offered, and its routes do not exist, when EMAIL_CODE_SIGN_IN=false', async () => {
    const off = await startIdentityServerWithEmulator(testDb.db, { env: { CLIENT_APP_URL: CLIENT_URL, EMAIL_CODE_SIGN_IN: 'false' } });
    try {
      const offRp = await RelyingParty.discover(off.idp.issuer, REDIRECT_URI);
      const browser = new HttpBrowser();
      const loginPage = await browser.get((await offRp.authorization()).url);
      expect(loginPage.body).toContain('id="login-title"');
      expect(loginPage.body).not.toContain('email-code');
      const posted = await browser.postForm(`${loginPage.url}/email-code`, { identifier: 'alice', _csrf: inputValue(loginPage.body, '_csrf')! });
      expect(posted.status).toBe(404);
      expect(off.emulator.outbox.latestCode('alice@example.com')).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
