import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Registry } from 'prom-client';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { AuthsignalUnavailableError } from '../authsignal/authsignal.errors.js';
import { BUILT_IN_MESSAGES } from '../branding/messages.js';
import {
  anAcceptedChallenge,
  anAccount,
  aStoredAccount,
  attributeOf,
  type Browser,
  CLIENT_APP_REDIRECT_URI,
  csrfTokenIn,
  EMAIL_CHALLENGE_ID,
  fakeUserStore,
  resumeUrlOf,
  setCookies,
  startSignIn,
  type StartedSignIn,
  startTestIdentityServer,
  type TestIdentityServer,
} from '../../test/support/identity-server-testing.js';
import { METRICS_REGISTRY } from '../metrics/metrics.constants.js';
import { EmailCodeController } from './email-code.controller.js';
import { MAX_TRIES_PER_CODE } from './email-code-sign-in.service.js';

const MAX_FAILURES = 8;
const { emailCode: COPY, errors: ERRORS } = BUILT_IN_MESSAGES;
const CODE = '123456';
const ALICE = anAccount();
const DISABLED = anAccount({ id: '0b7f3d2c-5a41-4e8b-9c6d-1e2f3a4b5c6d', username: 'dave', email: 'dave@example.com', enabled: false });
const UNVERIFIED = anAccount({ id: '1c8e4e3d-6b52-4f9c-8d7e-2f3a4b5c6d7e', username: 'erin', email: 'erin@example.com', emailVerified: false });

/** The message the code page shows above its form. */
const alertIn = (html: string): string | undefined => /<div class="alert error" role="alert" id="form-error">([^<]*)<\/div>/.exec(html)?.[1];

describe(EmailCodeController.name, () => {
  let testDb: TestDatabase;
  let server: TestIdentityServer;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  beforeEach(async () => {
    server = await startTestIdentityServer({
      database: testDb.db,
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: String(MAX_FAILURES) },
      users: fakeUserStore([aStoredAccount(), aStoredAccount({ account: DISABLED }), aStoredAccount({ account: UNVERIFIED })]),
    });
    server.authsignal.acceptChallenge.mockResolvedValue(anAcceptedChallenge({ verificationMethod: 'EMAIL_OTP' }));
  });
  afterEach(async () => {
    await server.close();
  });
  afterAll(async () => {
    await testDb.close();
  });

  /** Asks for a code from the login page, as its button does; returns the code page. */
  async function requestCode(browser: Browser, signIn: StartedSignIn, identifier: string) {
    const requested = await browser.post(`/interaction/${signIn.uid}/email-code`).type('form').send({ identifier, _csrf: signIn.csrfToken }).expect(303);
    expect(requested.headers.location).toBe(`/interaction/${signIn.uid}/email-code`);
    const page = await browser.get(`/interaction/${signIn.uid}/email-code`).expect(200);
    return { requested, page: page.text, csrfToken: csrfTokenIn(page.text) };
  }

  const postCode = (browser: Browser, signIn: StartedSignIn, csrfToken: string, code = CODE) =>
    browser.post(`/interaction/${signIn.uid}/email-code/verify`).type('form').send({ code, _csrf: csrfToken });

  describe('the login page', () => {
    it('offers "Email me a code", posted to this interaction with the page’s CSRF token', async () => {
      const signIn = await startSignIn(server.browser());

      expect(attributeOf(signIn.page, 'email-code-form', 'action')).toBe(`/interaction/${signIn.uid}/email-code`);
      expect(signIn.page).toMatch(new RegExp(`id="email-code-form"[^<]*>\\s*<input type="hidden" name="_csrf" value="${signIn.csrfToken}">`));
      expect(signIn.page).toContain(COPY.option);
      expect(signIn.page).toContain('<script src="/js/email-code-option.js"></script>');
    });
  });

  describe('POST /interaction/:uid/email-code', () => {
    it('asks for the username when none came with the request, counting nothing and sending nothing', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await browser.post(`/interaction/${signIn.uid}/email-code`).type('form').send({ identifier: '  ', _csrf: signIn.csrfToken }).expect(200);

      expect(res.text).toContain(COPY.startTitle);
      expect(attributeOf(res.text, 'identifier', 'name')).toBe('identifier');
      expect(server.authsignal.sendEmailCode).not.toHaveBeenCalled();
      expect(server.users.findByUsername).not.toHaveBeenCalled();
    });

    it('emails a code to the verified address of the account, and binds it to this browser', async () => {
      const browser = server.browser('203.0.113.40');
      const signIn = await startSignIn(browser);

      const { requested, page } = await requestCode(browser, signIn, ALICE.username);

      expect(server.authsignal.sendEmailCode).toHaveBeenCalledWith(
        expect.objectContaining({ email: ALICE.email, action: 'email-code-sign-in', ipAddress: '203.0.113.40' }),
      );
      expect(setCookies(requested).filter((cookie) => cookie.name === 'idp.binding').map((cookie) => cookie.path).sort()).toEqual([
        `/auth/${signIn.uid}`,
        `/interaction/${signIn.uid}`,
      ]);
      expect(page).toContain(COPY.codeTitle);
      expect(page).toContain(`If ${ALICE.username} has an account`);
      expect(attributeOf(page, 'email-code-resend', 'action')).toBe(`/interaction/${signIn.uid}/email-code/resend`);
    });

    it('takes an email address as well as a username', async () => {
      const browser = server.browser();
      await requestCode(browser, await startSignIn(browser), ALICE.email!.toUpperCase());

      expect(server.users.findByEmail).toHaveBeenCalledWith(ALICE.email!.toUpperCase());
      expect(server.authsignal.sendEmailCode).toHaveBeenCalledWith(expect.objectContaining({ email: ALICE.email }));
    });

    it.each([
      ['an unknown username', 'mallory'],
      ['an unknown address', 'mallory@example.com'],
      ['a disabled account', DISABLED.username],
      ['an account whose address is not verified', UNVERIFIED.username],
    ])('sends nothing for %s, and answers exactly as for an account (a round trip to Authsignal included)', async (_case, identifier) => {
      const known = server.browser();
      const knownSignIn = await startSignIn(known);
      const knownPages = await requestCode(known, knownSignIn, 'someone');
      server.authsignal.sendEmailCode.mockClear();
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const { requested, page } = await requestCode(browser, signIn, identifier);

      expect(server.authsignal.sendEmailCode).not.toHaveBeenCalled();
      expect(server.authsignal.roundTrip).toHaveBeenCalled();
      const comparable = (html: string, uid: string, token: string) => html.replaceAll(uid, 'UID').replaceAll(token, 'TOKEN').replace(/If \S+ has/, 'If X has');
      expect(comparable(page, signIn.uid, csrfTokenIn(page))).toBe(comparable(knownPages.page, knownSignIn.uid, knownPages.csrfToken));
      expect(setCookies(requested).map((cookie) => cookie.name).sort()).toEqual(setCookies(knownPages.requested).map((cookie) => cookie.name).sort());
    });

    it('shows the 503 page when Authsignal cannot be reached, and counts no attempt', async () => {
      server.authsignal.sendEmailCode.mockRejectedValue(new AuthsignalUnavailableError('challenge'));
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      for (let attempt = 0; attempt <= MAX_FAILURES; attempt++) {
        const res = await browser.post(`/interaction/${signIn.uid}/email-code`).type('form').send({ identifier: ALICE.username, _csrf: signIn.csrfToken }).expect(503);
        expect(res.text).toContain(ERRORS.authsignalUnavailable.title);
      }
    });

    it('refuses a post without the CSRF token, or from another site, with 403 before anything is looked up', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      await browser.post(`/interaction/${signIn.uid}/email-code`).type('form').send({ identifier: ALICE.username, _csrf: '' }).expect(403);
      await browser
        .post(`/interaction/${signIn.uid}/email-code`)
        .set('Origin', 'http://evil.example')
        .type('form')
        .send({ identifier: ALICE.username, _csrf: signIn.csrfToken })
        .expect(403);

      expect(server.users.findByUsername).not.toHaveBeenCalled();
      expect(server.authsignal.sendEmailCode).not.toHaveBeenCalled();
    });

    it('answers 429 on the login page once the requests for this account and address reach the limit', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
        await browser.post(`/interaction/${signIn.uid}/email-code`).type('form').send({ identifier: ALICE.username, _csrf: signIn.csrfToken }).expect(303);
      }

      const res = await browser.post(`/interaction/${signIn.uid}/email-code`).type('form').send({ identifier: ALICE.username, _csrf: signIn.csrfToken }).expect(429);

      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.text).toContain('Too many failed attempts.');
      expect(server.authsignal.sendEmailCode).toHaveBeenCalledTimes(MAX_FAILURES);
    });
  });

  describe('GET /interaction/:uid/email-code', () => {
    it('shows nothing of the code to another browser holding the same interaction cookies', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      await requestCode(browser, signIn, ALICE.username);

      const res = await server.getWithOnly(signIn.interactionCookies, `/interaction/${signIn.uid}/email-code`).expect(400);

      expect(res.text).toContain(ERRORS.expired.title);
      expect(res.text).not.toContain(ALICE.username);
    });
  });

  describe('POST /interaction/:uid/email-code/verify', () => {
    it('signs in with the right code: claimed for the account, accepted once as an email code, and no second step', async () => {
      server.authsignal.verifyEmailCode.mockResolvedValue({ verified: true, email: ALICE.email! });
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { csrfToken } = await requestCode(browser, signIn, ALICE.username);

      const res = await postCode(browser, signIn, csrfToken, ' 123 456 ').expect(303);

      expect(res.headers.location).toBe(resumeUrlOf(signIn.uid));
      expect(server.authsignal.verifyEmailCode).toHaveBeenCalledWith(EMAIL_CHALLENGE_ID, CODE);
      expect(server.authsignal.claimEmailCode).toHaveBeenCalledWith(EMAIL_CHALLENGE_ID, ALICE.id);
      expect(server.authsignal.acceptChallenge).toHaveBeenCalledWith('claimed-token', { actionCode: 'email-code-sign-in', userId: ALICE.id, verificationMethod: 'EMAIL_OTP' });
      expect(server.authsignal.trackSignIn).not.toHaveBeenCalled();
      const resumed = await browser.get(`/auth/${signIn.uid}`).expect(303);
      expect(resumed.headers.location).toMatch(new RegExp(`^${CLIENT_APP_REDIRECT_URI}\\?code=`));
    });

    it('re-renders the code page with 401 and one message for a wrong code, and lets the person try again', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { csrfToken } = await requestCode(browser, signIn, ALICE.username);

      const res = await postCode(browser, signIn, csrfToken, '000000').expect(401);

      expect(alertIn(res.text)).toBe(COPY.wrong);
      expect(res.text).toContain(`action="/interaction/${signIn.uid}/email-code/verify"`);
      server.authsignal.verifyEmailCode.mockResolvedValue({ verified: true, email: ALICE.email! });
      await postCode(browser, signIn, csrfTokenIn(res.text)).expect(303);
    });

    it('counts each checked code in the sign-in metrics, as an email_code attempt with its outcome', async () => {
      const registry = server.app.get<Registry>(METRICS_REGISTRY);
      const attempts = async (outcome: string) =>
        (await registry.getSingleMetric('idp_sign_in_attempts_total')!.get()).values.find(({ labels }) => labels.method === 'email_code' && labels.outcome === outcome)?.value ?? 0;
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { csrfToken } = await requestCode(browser, signIn, ALICE.username);

      const wrong = await postCode(browser, signIn, csrfToken, '000000').expect(401);
      server.authsignal.verifyEmailCode.mockResolvedValue({ verified: true, email: ALICE.email! });
      await postCode(browser, signIn, csrfTokenIn(wrong.text)).expect(303);

      expect(await attempts('refused')).toBe(1);
      expect(await attempts('success')).toBe(1);
    });

    it(`allows ${MAX_TRIES_PER_CODE} tries at one code, then only a new code helps`, async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { csrfToken } = await requestCode(browser, signIn, ALICE.username);
      for (let attempt = 1; attempt < MAX_TRIES_PER_CODE; attempt++) await postCode(browser, signIn, csrfToken, '000000').expect(401);
      await postCode(browser, signIn, csrfToken, '000000').expect(429);

      const usedUp = await postCode(browser, signIn, csrfToken).expect(429);

      expect(alertIn(usedUp.text)).toBe(COPY.usedUp);
      expect(server.authsignal.verifyEmailCode).toHaveBeenCalledTimes(MAX_TRIES_PER_CODE);
      await browser.post(`/interaction/${signIn.uid}/email-code/resend`).type('form').send({ _csrf: csrfToken }).expect(303);
      await postCode(browser, signIn, csrfToken, '000000').expect(401);
    });

    it('lets a burst of right answers sign in once', async () => {
      server.authsignal.verifyEmailCode.mockResolvedValue({ verified: true, email: ALICE.email! });
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { csrfToken } = await requestCode(browser, signIn, ALICE.username);

      const statuses = (await Promise.all(Array.from({ length: 4 }, () => postCode(browser, signIn, csrfToken)))).map((res) => res.status);

      expect(statuses.filter((status) => status === 303)).toHaveLength(1);
      expect(server.authsignal.claimEmailCode).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['for an account', ALICE.username],
      ['for an identifier nobody was sent a code', 'mallory'],
    ])('says the code expired %s, without asking Authsignal, once its ten minutes are up, and offers a new one', async (_case, identifier) => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { page, csrfToken } = await requestCode(browser, signIn, identifier);
      expect(page).toContain('The code is valid for 10 minute(s).');
      await testDb.db.query(`UPDATE email_code_challenges SET code_expires_at = now() - interval '1 second' WHERE interaction_uid = $1`, [signIn.uid]);

      const res = await postCode(browser, signIn, csrfToken).expect(401);

      expect(alertIn(res.text)).toBe(COPY.expired);
      expect(res.text).not.toContain('The code is valid for');
      expect(server.authsignal.verifyEmailCode).not.toHaveBeenCalled();
      await browser.post(`/interaction/${signIn.uid}/email-code/resend`).type('form').send({ _csrf: csrfToken }).expect(303);
    });

    it(`answers the ${MAX_TRIES_PER_CODE}th wrong code as the last, for an account and a stranger alike`, async () => {
      const lastAnswers = [];
      for (const identifier of [ALICE.username, 'mallory']) {
        const browser = server.browser();
        const signIn = await startSignIn(browser);
        const { csrfToken } = await requestCode(browser, signIn, identifier);
        for (let attempt = 1; attempt < MAX_TRIES_PER_CODE; attempt++) await postCode(browser, signIn, csrfToken, '000000').expect(401);
        const last = await postCode(browser, signIn, csrfToken, '000000');
        lastAnswers.push([last.status, alertIn(last.text)]);
      }
      expect(lastAnswers).toEqual([
        [429, COPY.usedUp],
        [429, COPY.usedUp],
      ]);
    });

    it('answers every code for an identifier nobody was sent a code as wrong, after a round trip', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { csrfToken } = await requestCode(browser, signIn, 'mallory');
      server.authsignal.roundTrip.mockClear();

      const res = await postCode(browser, signIn, csrfToken).expect(401);

      expect(alertIn(res.text)).toBe(COPY.wrong);
      expect(server.authsignal.roundTrip).toHaveBeenCalledTimes(1);
      expect(server.authsignal.verifyEmailCode).not.toHaveBeenCalled();
    });

    it('refuses the code from another browser holding the same interaction cookies, with 400, before any check', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      await requestCode(browser, signIn, ALICE.username);
      // The other browser has the interaction's cookies and a form of its own (a valid CSRF pair), not the binding.
      const itsPage = await server.getWithOnly(signIn.interactionCookies, `/interaction/${signIn.uid}`).expect(200);
      const itsCsrfCookie = setCookies(itsPage).find((cookie) => cookie.name === 'idp.csrf')!;

      const res = await request(server.app.getHttpServer())
        .post(`/interaction/${signIn.uid}/email-code/verify`)
        .set('Host', new URL(server.config.issuer).host)
        .set('Accept', 'text/html')
        .set('Cookie', [...signIn.interactionCookies, `idp.csrf=${itsCsrfCookie.value}`].join('; '))
        .type('form')
        .send({ code: CODE, _csrf: csrfTokenIn(itsPage.text) })
        .expect(400);

      expect(res.text).toContain(ERRORS.expired.title);
      expect(server.authsignal.verifyEmailCode).not.toHaveBeenCalled();
    });

    it('shows the 503 page when Authsignal cannot check the code, and counts no try', async () => {
      server.authsignal.verifyEmailCode.mockRejectedValue(new AuthsignalUnavailableError('verify'));
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { csrfToken } = await requestCode(browser, signIn, ALICE.username);

      for (let attempt = 0; attempt <= MAX_TRIES_PER_CODE; attempt++) {
        const res = await postCode(browser, signIn, csrfToken).expect(503);
        expect(res.text).toContain(ERRORS.authsignalUnavailable.title);
      }
      server.authsignal.verifyEmailCode.mockResolvedValue({ verified: true, email: ALICE.email! });
      await postCode(browser, signIn, csrfToken).expect(303);
    });

    it('refuses a right code for an account disabled since, with 400', async () => {
      server.authsignal.verifyEmailCode.mockResolvedValue({ verified: true, email: ALICE.email! });
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      const { csrfToken } = await requestCode(browser, signIn, ALICE.username);
      server.users.findById.mockResolvedValue({ ...ALICE, enabled: false });

      const res = await postCode(browser, signIn, csrfToken).expect(400);

      expect(res.text).toContain(ERRORS.challengeRejected.title);
    });
  });
});
