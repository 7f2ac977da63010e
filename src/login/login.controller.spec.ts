import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { BUILT_IN_MESSAGES } from '../branding/messages.js';
import { DatabaseUnavailableError } from '../database/database.errors.js';
import {
  anAccount,
  CLIENT_APP_REDIRECT_URI,
  PASSWORD,
  postPassword,
  resumeUrlOf,
  setCookies,
  startSignIn,
  startTestIdentityServer,
  type TestIdentityServer,
} from '../../test/support/identity-server-testing.js';
import { LoginController } from './login.controller.js';

const MAX_FAILURES = 2;
const { login: LOGIN, errors: ERRORS } = BUILT_IN_MESSAGES;
/** The message the login page shows above its form. */
const alertIn = (html: string): string | undefined => /<div class="alert error" role="alert" id="form-error">([^<]*)<\/div>/.exec(html)?.[1];

describe(LoginController.name, () => {
  let testDb: TestDatabase;
  let server: TestIdentityServer;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  beforeEach(async () => {
    server = await startTestIdentityServer({ database: testDb.db, env: { LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: String(MAX_FAILURES) } });
  });
  afterEach(async () => {
    await server.close();
  });
  afterAll(async () => {
    await testDb.close();
  });

  describe('POST /interaction/:uid/login', () => {
    it('finishes the interaction for the right password, binding it to this browser', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await postPassword(browser, signIn).expect(303);

      expect(res.headers.location).toBe(resumeUrlOf(signIn.uid));
      expect(res.headers['cache-control']).toBe('no-store');
      const bindings = setCookies(res).filter((cookie) => cookie.name === 'idp.binding');
      expect(bindings.map((cookie) => cookie.path).sort()).toEqual([`/auth/${signIn.uid}`, `/interaction/${signIn.uid}`]);
      expect(new Set(bindings.map((cookie) => cookie.value)).size).toBe(1);
      expect(bindings.every((cookie) => cookie.attributes.some((attribute) => /^httponly$/i.test(attribute)))).toBe(true);
      expect(server.users.verifyPassword).toHaveBeenCalledWith(anAccount().username, expect.any(String));
    });

    it('lets the browser that signed in resume the interaction and go back to the client with a code', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      await postPassword(browser, signIn).expect(303);

      const resumed = await browser.get(`/auth/${signIn.uid}`).expect(303);

      const callback = new URL(resumed.headers.location);
      expect(`${callback.origin}${callback.pathname}`).toBe(CLIENT_APP_REDIRECT_URI);
      expect(callback.searchParams.get('code')).toEqual(expect.any(String));
      expect(callback.searchParams.get('state')).toBe('s');
    });

    it.each([
      ['a wrong password', { username: anAccount().username, password: 'Wrong-horse-battery-1' }],
      ['an unknown user', { username: 'mallory', password: PASSWORD }],
    ])('re-renders the login page with 401 and the one message for %s, keeping the username typed', async (_case, fields) => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await postPassword(browser, signIn, fields).expect(401);

      expect(alertIn(res.text)).toBe(LOGIN.invalidCredentials);
      expect(res.text).toContain(`action="/interaction/${signIn.uid}/login"`);
      expect(res.text).toContain(`value="${fields.username}"`);
      expect(res.text).not.toContain('horse-battery');
      expect(setCookies(res).some((cookie) => cookie.name === 'idp.binding')).toBe(false);
    });

    it('reads the username from the posted form only, never from the query string', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await browser
        .post(`/interaction/${signIn.uid}/login?username=${anAccount().username}`)
        .type('form')
        .send({ password: PASSWORD, _csrf: signIn.csrfToken })
        .expect(401);

      expect(alertIn(res.text)).toBe(LOGIN.invalidCredentials);
      expect(server.users.verifyPassword).not.toHaveBeenCalled();
    });

    it.each([
      ['a form field sent twice (refused at the edge)', 'form', { username: [anAccount().username, 'someone-else'] }, ERRORS.refusedInput.title],
      ['a form field sent as an object (refused by the form’s validation)', 'form', { username: { name: anAccount().username } }, ERRORS.badRequest.title],
      ['a JSON field that is not text (refused at the edge)', 'json', { username: 42 }, ERRORS.refusedInput.title],
    ])('answers 400 to %s, before the user store sees it', async (_case, type, fields, title) => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await browser
        .post(`/interaction/${signIn.uid}/login`)
        .type(type)
        .send({ password: PASSWORD, _csrf: signIn.csrfToken, ...fields })
        .expect(400);

      expect(res.text).toContain(title);
      expect(server.users.verifyPassword).not.toHaveBeenCalled();
    });

    it('refuses a post without the CSRF token with 403', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await postPassword(browser, signIn, { _csrf: '' }).expect(403);

      expect(res.text).toContain(ERRORS.formExpired.title);
      expect(res.text).toContain(`href="/interaction/${signIn.uid}"`);
      expect(server.users.verifyPassword).not.toHaveBeenCalled();
    });

    it('refuses a post from another site with 403, even with a valid CSRF token', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await postPassword(browser, signIn).set('Origin', 'http://evil.example').expect(403);

      expect(res.text).toContain(ERRORS.formExpired.title);
      expect(server.users.verifyPassword).not.toHaveBeenCalled();
    });

    it('answers 429 with Retry-After once the failures for this account and address reach the limit, even for the right password', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);
      for (let attempt = 0; attempt < MAX_FAILURES; attempt++) await postPassword(browser, signIn, { password: `Wrong-${attempt}` }).expect(401);

      const res = await postPassword(browser, signIn).expect(429);

      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(alertIn(res.text)).toBe('Too many failed attempts. Try again in 15 minute(s).');
      expect(res.text).toContain(`action="/interaction/${signIn.uid}/login"`);
      expect(server.users.verifyPassword).toHaveBeenCalledTimes(MAX_FAILURES);
    });

    it('counts the failures of one address only: another address may still try the account', async () => {
      const first = server.browser();
      const firstSignIn = await startSignIn(first);
      for (let attempt = 0; attempt < MAX_FAILURES; attempt++) await postPassword(first, firstSignIn, { password: `Wrong-${attempt}` }).expect(401);
      await postPassword(first, firstSignIn).expect(429);

      const second = server.browser();
      await postPassword(second, await startSignIn(second)).expect(303);
    });

    it('shows the outage page with 503 when the user store’s database is unavailable, and counts no failure', async () => {
      server.users.verifyPassword.mockRejectedValue(new DatabaseUnavailableError('verifying the password'));
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      for (let attempt = 0; attempt <= MAX_FAILURES; attempt++) {
        const res = await postPassword(browser, signIn).expect(503);
        expect(res.text).toContain(ERRORS.outage.title);
        expect(res.text).toContain(ERRORS.outage.message);
        expect(res.text).not.toContain('verifying the password');
      }
    });
  });
});
