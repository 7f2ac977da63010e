import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { AuthsignalUnavailableError, ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import { BUILT_IN_MESSAGES } from '../branding/messages.js';
import {
  anAcceptedChallenge,
  anAccount,
  aTrackedSignIn,
  attributeOf,
  type Browser,
  CLIENT_APP_REDIRECT_URI,
  fakeAuthsignal,
  PREBUILT_UI_URL,
  postPassword,
  resumeUrlOf,
  setCookies,
  startSignIn,
  type StartedSignIn,
  startTestIdentityServer,
  TEST_ISSUER,
  type TestIdentityServer,
} from '../../test/support/identity-server-testing.js';
import { MfaController } from './mfa.controller.js';

const { errors: ERRORS, mfa: MFA } = BUILT_IN_MESSAGES;
const IDEMPOTENCY_KEY = 'idempotency-key-of-this-sign-in';
const TOKEN = 'token-from-the-prebuilt-ui';

const bindingSetBy = (response: { headers: Record<string, unknown> }) => setCookies(response).find((cookie) => cookie.name === 'idp.binding')?.value;

describe(MfaController.name, () => {
  let testDb: TestDatabase;
  let server: TestIdentityServer;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  /** A server whose fake Authsignal asks for a challenge; `env` on top of the test configuration. */
  async function start(env: Record<string, string> = {}): Promise<void> {
    const authsignal = fakeAuthsignal();
    authsignal.trackSignIn.mockResolvedValue(aTrackedSignIn({ state: 'CHALLENGE_REQUIRED', url: PREBUILT_UI_URL, idempotencyKey: IDEMPOTENCY_KEY }));
    authsignal.acceptChallenge.mockResolvedValue(anAcceptedChallenge({ verificationMethod: 'AUTHENTICATOR_APP' }));
    server = await startTestIdentityServer({ database: testDb.db, authsignal, env });
  }
  beforeEach(() => start());
  afterEach(async () => {
    await server.close();
  });
  afterAll(async () => {
    await testDb.close();
  });

  /** A browser that passed the password and was sent to the second step: the pre-built UI, or (`via: 'page'`) the page linking to it. */
  async function passedPassword(via: 'redirect' | 'page' = 'redirect'): Promise<{ browser: Browser; signIn: StartedSignIn; passwordBinding: string | undefined }> {
    const browser = server.browser();
    const signIn = await startSignIn(browser);
    const posted = await postPassword(browser, signIn).expect(303);
    expect(posted.headers.location).toBe(via === 'redirect' ? PREBUILT_UI_URL : `/interaction/${signIn.uid}/mfa`);
    return { browser, signIn, passwordBinding: bindingSetBy(posted) };
  }

  describe('POST /interaction/:uid/login, when Authsignal asks for a challenge', () => {
    it('sends the browser straight to the pre-built UI that Authsignal named, tracked for this sign-in', async () => {
      const { signIn } = await passedPassword();

      expect(server.authsignal.trackSignIn).toHaveBeenCalledWith(
        expect.objectContaining({ userId: anAccount().id, action: 'identity-server-login', redirectUrl: `${TEST_ISSUER}/interaction/${signIn.uid}/mfa/callback` }),
      );
    });

    it("lets the login page's form be redirected there: its CSP form-action lists the pre-built UI's origin", async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const loginPage = await browser.get(`/interaction/${signIn.uid}`).expect(200);

      expect(loginPage.headers['content-security-policy']).toMatch(/form-action 'self'[^;]* https:\/\/authsignal\.test(;| |$)/);
    });
  });

  describe('GET /interaction/:uid/mfa, for a pre-built UI on an origin not listed in AUTHSIGNAL_PREBUILT_UI_ORIGINS', () => {
    beforeEach(async () => {
      await server.close();
      await start({ AUTHSIGNAL_PREBUILT_UI_ORIGINS: 'https://another-origin.test' });
    });

    it('after the password, links to the pre-built UI of the challenge Authsignal asked for', async () => {
      const { browser, signIn } = await passedPassword('page');

      const res = await browser.get(`/interaction/${signIn.uid}/mfa`).expect(200);

      expect(res.text).toContain(MFA.title);
      expect(attributeOf(res.text, 'mfa-continue', 'href')).toBe(PREBUILT_UI_URL);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(server.authsignal.trackSignIn).toHaveBeenCalledWith(
        expect.objectContaining({
          userId: anAccount().id,
          action: 'identity-server-login',
          redirectUrl: `${TEST_ISSUER}/interaction/${signIn.uid}/mfa/callback`,
          username: anAccount().username,
        }),
      );
    });

    it('shows nothing of the challenge to another browser holding the same interaction cookies', async () => {
      const { signIn } = await passedPassword('page');

      const res = await server.getWithOnly(signIn.interactionCookies, `/interaction/${signIn.uid}/mfa`).expect(400);

      expect(res.text).toContain(ERRORS.expired.title);
      expect(res.text).not.toContain('authsignal.test');
    });
  });

  describe('GET /interaction/:uid/mfa/callback', () => {
    it('finishes the sign-in for a token Authsignal accepts for the pending user and this sign-in’s idempotency key', async () => {
      const { browser, signIn, passwordBinding } = await passedPassword();

      const res = await browser.get(`/interaction/${signIn.uid}/mfa/callback`).query({ token: TOKEN }).expect(303);

      expect(res.headers.location).toBe(resumeUrlOf(signIn.uid));
      expect(server.authsignal.acceptChallenge).toHaveBeenCalledWith(TOKEN, {
        actionCode: 'identity-server-login',
        userId: anAccount().id,
        idempotencyKey: IDEMPOTENCY_KEY,
      });
      // The binding is renewed at every step: the password step's secret no longer resumes anything.
      expect(bindingSetBy(res)).toEqual(expect.any(String));
      expect(bindingSetBy(res)).not.toBe(passwordBinding);
      const resumed = await browser.get(`/auth/${signIn.uid}`).expect(303);
      expect(resumed.headers.location).toMatch(new RegExp(`^${CLIENT_APP_REDIRECT_URI}\\?code=`));
    });

    it('refuses the callback from another browser holding the same interaction cookies but not the binding, with 400', async () => {
      const { browser, signIn } = await passedPassword();

      const res = await server.getWithOnly(signIn.interactionCookies, `/interaction/${signIn.uid}/mfa/callback?token=${TOKEN}`).expect(400);

      expect(res.text).toContain(ERRORS.expired.title);
      expect(server.authsignal.acceptChallenge).not.toHaveBeenCalled();
      // The interaction itself is intact: the browser that passed the password still finishes it.
      await browser.get(`/interaction/${signIn.uid}/mfa/callback`).query({ token: TOKEN }).expect(303);
    });

    it('refuses a callback in an interaction where no password step passed, with 400', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await browser.get(`/interaction/${signIn.uid}/mfa/callback`).query({ token: TOKEN }).expect(400);

      expect(res.text).toContain(ERRORS.challengeRejected.title);
      expect(server.authsignal.acceptChallenge).not.toHaveBeenCalled();
    });

    it('refuses a token Authsignal rejects, with 400 and the same page', async () => {
      server.authsignal.acceptChallenge.mockRejectedValue(new ChallengeRejectedError('token refused by Authsignal (invalid_token)'));
      const { browser, signIn } = await passedPassword();

      const res = await browser.get(`/interaction/${signIn.uid}/mfa/callback`).query({ token: TOKEN }).expect(400);

      expect(res.text).toContain(ERRORS.challengeRejected.title);
      expect(res.text).not.toContain('invalid_token');
      expect(bindingSetBy(res)).toBeUndefined();
    });
  });

  describe('after the password', () => {
    it('shows the 503 page, and signs nobody in, when Authsignal cannot be reached', async () => {
      server.authsignal.trackSignIn.mockRejectedValue(new AuthsignalUnavailableError('track', { cause: new Error('connect ECONNREFUSED') }));
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await postPassword(browser, signIn).expect(503);

      expect(res.text).toContain(ERRORS.authsignalUnavailable.title);
      expect(res.text).toContain(ERRORS.authsignalUnavailable.message);
      expect(res.text).not.toContain('ECONNREFUSED');
      expect(bindingSetBy(res)).toBeUndefined();
    });

    it('shows the 403 refusal page, and signs nobody in, when Authsignal’s rules block the sign-in', async () => {
      server.authsignal.trackSignIn.mockResolvedValue(aTrackedSignIn({ state: 'BLOCK' }));
      const browser = server.browser();
      const signIn = await startSignIn(browser);

      const res = await postPassword(browser, signIn).expect(403);

      expect(res.text).toContain(ERRORS.refused.title);
      expect(res.text).not.toContain('BLOCK');
      expect(bindingSetBy(res)).toBeUndefined();
      await browser.get(`/interaction/${signIn.uid}/mfa/callback`).query({ token: TOKEN }).expect(400);
    });
  });
});
