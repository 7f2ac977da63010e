import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
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
  fakeUserStore,
  resumeUrlOf,
  setCookies,
  startSignIn,
  type StartedSignIn,
  startTestIdentityServer,
  TEST_AUTHSIGNAL,
  type TestIdentityServer,
} from '../../test/support/identity-server-testing.js';
import { PasskeyController } from './passkey.controller.js';

const MAX_FAILURES = 2;
const { errors: ERRORS, passkey: PASSKEY_COPY } = BUILT_IN_MESSAGES;
const TOKEN = 'token-from-the-passkey-ceremony';
const DISABLED = anAccount({ id: '0b7f3d2c-5a41-4e8b-9c6d-1e2f3a4b5c6d', username: 'dave', enabled: false });

const postPasskey = (browser: Browser, signIn: StartedSignIn, fields: Record<string, string> = {}) =>
  browser.post(`/interaction/${signIn.uid}/passkey`).type('form').send({ token: TOKEN, _csrf: signIn.csrfToken, ...fields });

describe(PasskeyController.name, () => {
  let testDb: TestDatabase;
  let server: TestIdentityServer;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  beforeEach(async () => {
    server = await startTestIdentityServer({
      database: testDb.db,
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: String(MAX_FAILURES) },
      users: fakeUserStore([aStoredAccount(), aStoredAccount({ account: DISABLED })]),
    });
  });
  afterEach(async () => {
    await server.close();
  });
  afterAll(async () => {
    await testDb.close();
  });

  describe('the login page', () => {
    it('offers a passkey, posted to this interaction with the page’s CSRF token and the public Authsignal settings', async () => {
      const signIn = await startSignIn(server.browser());

      expect(signIn.page).toContain('id="passkey-option"');
      expect(signIn.page).toContain(PASSKEY_COPY.button);
      expect(attributeOf(signIn.page, 'passkey-form', 'action')).toBe(`/interaction/${signIn.uid}/passkey`);
      expect(attributeOf(signIn.page, 'passkey-form', 'data-tenant-id')).toBe(TEST_AUTHSIGNAL.tenantId);
      expect(attributeOf(signIn.page, 'passkey-form', 'data-base-url')).toBe(TEST_AUTHSIGNAL.apiUrl);
      expect(attributeOf(signIn.page, 'passkey-form', 'data-action')).toBe('passkey-sign-in');
      expect(signIn.page).toMatch(new RegExp(`id="passkey-form"[^<]*>\\s*<input type="hidden" name="_csrf" value="${signIn.csrfToken}">`));
      expect(signIn.page).toMatch(/<script src="\/vendor\/authsignal-browser\.min\.js"><\/script>\s*<script src="\/js\/passkey-sign-in\.js"><\/script>/);
      expect(signIn.page).not.toContain('dev-secret');
    });
  });

  describe('POST /interaction/:uid/passkey', () => {
    it('finishes the sign-in, with no second step, for a passkey token Authsignal accepts for a known, enabled user', async () => {
      server.authsignal.acceptChallenge.mockResolvedValue(anAcceptedChallenge({ userId: anAccount().id, verificationMethod: 'PASSKEY' }));
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await postPasskey(browser, signIn).expect(303);

      expect(res.headers.location).toBe(resumeUrlOf(signIn.uid));
      expect(server.authsignal.acceptChallenge).toHaveBeenCalledWith(TOKEN, { actionCode: 'passkey-sign-in', verificationMethod: 'PASSKEY' });
      expect(server.users.findById).toHaveBeenCalledWith(anAccount().id);
      expect(server.authsignal.trackSignIn).not.toHaveBeenCalled();
      expect(setCookies(res).filter((cookie) => cookie.name === 'idp.binding').map((cookie) => cookie.path).sort()).toEqual([
        `/auth/${signIn.uid}`,
        `/interaction/${signIn.uid}`,
      ]);
      const resumed = await browser.get(`/auth/${signIn.uid}`).expect(303);
      expect(resumed.headers.location).toMatch(new RegExp(`^${CLIENT_APP_REDIRECT_URI}\\?code=`));
    });

    it('refuses a token Authsignal rejects with 400, and counts it against the address until 429', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
        const res = await postPasskey(browser, signIn).expect(400);
        expect(res.text).toContain(ERRORS.challengeRejected.title);
      }
      const throttled = await postPasskey(browser, signIn).expect(429);

      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(throttled.text).toContain('Too many failed attempts.');
      expect(server.authsignal.acceptChallenge).toHaveBeenCalledTimes(MAX_FAILURES);
    });

    it.each([
      ['a disabled user', DISABLED.id],
      ['a user unknown here', '11111111-2222-4333-8444-555555555555'],
    ])('refuses with 400 a passkey Authsignal accepts for %s', async (_case, userId) => {
      server.authsignal.acceptChallenge.mockResolvedValue(anAcceptedChallenge({ userId, verificationMethod: 'PASSKEY' }));
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await postPasskey(browser, signIn).expect(400);

      expect(res.text).toContain(ERRORS.challengeRejected.title);
      expect(setCookies(res).some((cookie) => cookie.name === 'idp.binding')).toBe(false);
    });

    it('shows the 503 page when Authsignal cannot be reached, and counts no failure', async () => {
      server.authsignal.acceptChallenge.mockRejectedValue(new AuthsignalUnavailableError('validate'));
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      for (let attempt = 0; attempt <= MAX_FAILURES; attempt++) {
        const res = await postPasskey(browser, signIn).expect(503);
        expect(res.text).toContain(ERRORS.authsignalUnavailable.title);
      }
    });

    it('refuses a post without the CSRF token with 403, before asking Authsignal', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      await postPasskey(browser, signIn, { _csrf: '' }).expect(403);

      expect(server.authsignal.acceptChallenge).not.toHaveBeenCalled();
    });
  });
});
