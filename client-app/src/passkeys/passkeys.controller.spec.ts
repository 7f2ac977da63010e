import { AuthsignalError, type UserAuthenticator, VerificationMethod } from '@authsignal/node';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { OidcClientService, type SignInResult } from '../auth/oidc-client.service.js';
import { configureClientApp } from '../client-app.js';
import { ClientAppModule } from '../client-app.module.js';
import { loadClientAppConfig } from '../config/client-app.config.js';
import type { AuthsignalClient } from './passkeys.authsignal.js';
import { AUTHSIGNAL_CLIENT } from './passkeys.constants.js';
import { PasskeysController } from './passkeys.controller.js';

const config = loadClientAppConfig({
  LOG_LEVEL: 'silent',
  NODE_ENV: 'test',
  OIDC_ISSUER: 'http://idp.test:5001',
  AUTHSIGNAL_API_URL: 'http://authsignal.test:5003/v1',
  AUTHSIGNAL_TENANT_ID: 'tenant-1',
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const csrfTokenIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const dataAttribute = (html: string, name: string): string | undefined => new RegExp(`data-${name}="([^"]*)"`).exec(html)?.[1];

const aPasskey = (overrides: Partial<UserAuthenticator> = {}): UserAuthenticator => ({
  userId: 'user-1',
  userAuthenticatorId: 'pk-1',
  verificationMethod: VerificationMethod.PASSKEY,
  createdAt: '2026-01-02T03:04:05.000Z',
  webauthnCredential: { credentialId: 'cred-1', deviceId: 'dev-1', name: 'Carol’s laptop' },
  ...overrides,
});

const STRONG = 'urn:nest-identity:acr:mfa';
const REQUIRED_ACR = ['urn:nest-identity:acr:mfa', 'urn:nest-identity:acr:passkey'];

describe(PasskeysController.name, () => {
  let app: NestExpressApplication;
  /** The `auth_time` of the next sign-in the fake identity server completes. */
  let authTime: number;
  /** The `acr` of the next sign-in the fake identity server completes. */
  let acr: string;
  let oidc: { authorizationUrl: jest.Mock<OidcClientService['authorizationUrl']>; handleCallback: jest.Mock<OidcClientService['handleCallback']> };
  let authsignal: { [K in keyof AuthsignalClient]: jest.Mock<AuthsignalClient[K]> };

  beforeEach(async () => {
    authTime = nowSeconds();
    acr = STRONG;
    oidc = {
      authorizationUrl: jest.fn<OidcClientService['authorizationUrl']>(async (options = {}) => ({
        url: `http://idp.test:5001/auth?client_id=client-app${options.maxAge === undefined ? '' : `&max_age=${options.maxAge}`}${options.acrValues ? `&acr_values=${options.acrValues.join('+')}` : ''}`,
        codeVerifier: 'verifier',
        state: 'state-1',
        nonce: 'nonce-1',
        ...options,
      })),
      handleCallback: jest.fn<OidcClientService['handleCallback']>(
        async (): Promise<SignInResult> => ({
          claims: { sub: 'user-1', name: 'Carol Example', preferred_username: 'carol', email: 'carol@example.com', auth_time: authTime, acr },
          tokens: { idToken: 'id.token.jwt', accessToken: 'access-token' },
        }),
      ),
    };
    authsignal = {
      track: jest.fn<AuthsignalClient['track']>(async () => ({ token: 'enrolment-token-1', idempotencyKey: 'k1', state: 'ALLOW' as never, url: 'http://x/?t', isEnrolled: true })),
      getAuthenticators: jest.fn<AuthsignalClient['getAuthenticators']>(async () => [aPasskey()]),
      deleteAuthenticator: jest.fn<AuthsignalClient['deleteAuthenticator']>(async () => undefined),
    };
    const moduleRef = await Test.createTestingModule({ imports: [ClientAppModule.forRoot(config)] })
      .overrideProvider(OidcClientService)
      .useValue(oidc)
      .overrideProvider(AUTHSIGNAL_CLIENT)
      .useValue(authsignal)
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureClientApp(app, config);
    await app.init();
  });

  afterEach(async () => {
    await app.close();
  });

  async function signedInAgent() {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/login').expect(302);
    await agent.get('/callback?code=abc&state=state-1').expect(302);
    return agent;
  }

  describe('GET /passkeys', () => {
    it('sends a signed-out browser to sign in first', async () => {
      const res = await request(app.getHttpServer()).get('/passkeys').expect(302);
      expect(res.headers.location).toBe('/login?returnTo=%2Fpasskeys');
    });

    it('after a recent sign-in, renders an enrolment token for the script and lists the passkeys', async () => {
      const agent = await signedInAgent();
      const res = await agent.get('/passkeys').set('User-Agent', 'Test/1.0').expect(200);

      expect(authsignal.track).toHaveBeenCalledWith({
        userId: 'user-1',
        action: 'add-passkey',
        attributes: expect.objectContaining({ scope: 'add:authenticators', username: 'carol', email: 'carol@example.com', userAgent: 'Test/1.0', ipAddress: expect.any(String) }),
      });
      expect(dataAttribute(res.text, 'token')).toBe('enrolment-token-1');
      expect(dataAttribute(res.text, 'tenant-id')).toBe('tenant-1');
      expect(dataAttribute(res.text, 'base-url')).toBe('http://authsignal.test:5003/v1');
      expect(dataAttribute(res.text, 'username')).toBe('carol');
      expect(dataAttribute(res.text, 'csrf')).toBe(csrfTokenIn(res.text));
      expect(res.text).toContain('Carol’s laptop');
      expect(res.text).toContain('<time datetime="2026-01-02T03:04:05.000Z">2026-01-02 03:04 UTC</time>');
      expect(res.text).toContain('Never');
      expect(res.text).toContain('action="/passkeys/pk-1/remove"');
      expect(res.text).toMatch(/<script src="\/vendor\/authsignal-browser\.min\.js"><\/script>\s*<script src="\/js\/client-passkeys\.js"><\/script>/);
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=/i);
      expect(res.headers['content-security-policy']).toContain("connect-src 'self' http://authsignal.test:5003");
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('says so when there are no passkeys yet', async () => {
      authsignal.getAuthenticators.mockResolvedValue([]);
      const agent = await signedInAgent();
      expect((await agent.get('/passkeys').expect(200)).text).toContain('You have no passkeys yet.');
    });

    it('sends an old sign-in back to the identity server with max_age, returning here, without minting a token', async () => {
      authTime = nowSeconds() - 601;
      const agent = await signedInAgent();
      const res = await agent.get('/passkeys').expect(302);

      expect(res.headers.location).toBe(`http://idp.test:5001/auth?client_id=client-app&max_age=600&acr_values=${REQUIRED_ACR.join('+')}`);
      expect(oidc.authorizationUrl).toHaveBeenLastCalledWith({ maxAge: 600, acrValues: REQUIRED_ACR });
      expect(authsignal.track).not.toHaveBeenCalled();

      authTime = nowSeconds();
      const back = await agent.get('/callback?code=def&state=state-1').expect(302);
      expect(back.headers.location).toBe('/passkeys?reauthenticated=1');
      expect(oidc.handleCallback.mock.calls[1][1]).toMatchObject({ maxAge: 600 });
      const clean = await agent.get('/passkeys?reauthenticated=1').expect(303);
      expect(clean.headers.location).toBe('/passkeys');
      await agent.get('/passkeys').expect(200);
    });

    it('steps a recent sign-in with a password alone up to a second factor or a passkey, then lets it in', async () => {
      acr = 'urn:nest-identity:acr:password';
      const agent = await signedInAgent();
      const res = await agent.get('/passkeys').expect(302);
      expect(oidc.authorizationUrl).toHaveBeenLastCalledWith({ maxAge: 600, acrValues: REQUIRED_ACR });
      expect(res.headers.location).toContain('acr_values=');
      expect(authsignal.track).not.toHaveBeenCalled();

      acr = 'urn:nest-identity:acr:passkey';
      await agent.get('/callback?code=def&state=state-1').expect(302);
      await agent.get('/passkeys?reauthenticated=1').expect(303);
      await agent.get('/passkeys').expect(200);
    });

    it('explains, instead of looping, when the identity server answers the step-up with a password sign-in again', async () => {
      acr = 'urn:nest-identity:acr:password';
      const agent = await signedInAgent();
      const res = await agent.get('/passkeys?reauthenticated=1').expect(403);
      expect(res.text).toContain('Sign-in not confirmed');
    });

    it('explains, instead of looping, when the re-authentication still is not recent', async () => {
      authTime = nowSeconds() - 3600;
      const agent = await signedInAgent();
      const res = await agent.get('/passkeys?reauthenticated=1').expect(403);
      expect(res.text).toContain('Sign-in not confirmed');
      expect(res.text).toContain('href="/passkeys">Try again</a>');
    });

    it('shows a fixed success message for a known notice, and nothing of an unknown one', async () => {
      const agent = await signedInAgent();
      expect((await agent.get('/passkeys?notice=added').expect(200)).text).toContain('Your passkey was added.');
      const unknown = await agent.get('/passkeys?notice=%3Cb%3Epwned%3C%2Fb%3E').expect(200);
      expect(unknown.text).not.toContain('pwned');
      expect(unknown.text).not.toContain('class="alert success"');
    });

    it('shows a 503 page when Authsignal is down', async () => {
      authsignal.track.mockRejectedValue(new AuthsignalError(500, 'unexpected_error', 'connect ECONNREFUSED'));
      const agent = await signedInAgent();
      const res = await agent.get('/passkeys').expect(503);
      expect(res.text).toContain('Passkeys unavailable');
      expect(res.text).toContain('href="/passkeys">Try again</a>');
      expect(res.text).not.toContain('ECONNREFUSED');
    });

    it('links to the page from the header and the profile', async () => {
      const agent = await signedInAgent();
      const profile = await agent.get('/profile').expect(200);
      expect(profile.text).toContain('<a href="/passkeys">Passkeys</a>');
      expect(profile.text).toContain('href="/passkeys">Manage your passkeys</a>');
    });
  });

  describe('POST /passkeys/enrolment-token', () => {
    async function pageAndAgent() {
      const agent = await signedInAgent();
      const page = await agent.get('/passkeys').expect(200);
      return { agent, csrf: csrfTokenIn(page.text) };
    }

    it('answers a fresh token as JSON', async () => {
      const { agent, csrf } = await pageAndAgent();
      authsignal.track.mockResolvedValueOnce({ token: 'enrolment-token-2', idempotencyKey: 'k2', state: 'ALLOW' as never, url: 'http://x/?t', isEnrolled: true });
      const res = await agent.post('/passkeys/enrolment-token').send({ _csrf: csrf }).expect(200).expect('Content-Type', /json/);
      expect(res.body).toEqual({ token: 'enrolment-token-2' });
    });

    it('refuses a request without the CSRF token, as JSON', async () => {
      const { agent } = await pageAndAgent();
      const res = await agent.post('/passkeys/enrolment-token').send({}).expect(403).expect('Content-Type', /json/);
      expect(res.body.error).toBe('invalid_csrf_token');
    });

    it('asks for re-authentication, as JSON, once the sign-in is no longer recent', async () => {
      const { agent, csrf } = await pageAndAgent();
      const realNow = Date.now;
      jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 601_000);
      try {
        const res = await agent.post('/passkeys/enrolment-token').send({ _csrf: csrf }).expect(403);
        expect(res.body.error).toBe('reauthentication_required');
      } finally {
        jest.restoreAllMocks();
      }
    });

    it('answers a signed-out caller with JSON, not a redirect to sign in', async () => {
      const res = await request(app.getHttpServer()).post('/passkeys/enrolment-token').send({}).expect(401);
      expect(res.body.error).toBe('sign_in_required');
    });

    it('answers 503 JSON when Authsignal is down', async () => {
      const { agent, csrf } = await pageAndAgent();
      authsignal.track.mockRejectedValueOnce(new AuthsignalError(503, 'unavailable', 'down'));
      const res = await agent.post('/passkeys/enrolment-token').send({ _csrf: csrf }).expect(503);
      expect(res.body).toMatchObject({ error: 'service_unavailable', requestId: expect.any(String) });
    });

    it('refuses unexpected fields with a JSON 400', async () => {
      const { agent, csrf } = await pageAndAgent();
      const res = await agent.post('/passkeys/enrolment-token').send({ _csrf: csrf, userId: 'someone-else' }).expect(400);
      expect(res.body.error).toBe('bad_request');
    });
  });

  describe('POST /passkeys/:passkeyId/remove', () => {
    async function pageAndAgent() {
      const agent = await signedInAgent();
      const page = await agent.get('/passkeys').expect(200);
      return { agent, csrf: csrfTokenIn(page.text) };
    }

    it('removes the passkey and returns to the list with a success message', async () => {
      const { agent, csrf } = await pageAndAgent();
      const res = await agent.post('/passkeys/pk-1/remove').type('form').send({ _csrf: csrf }).expect(303);
      expect(res.headers.location).toBe('/passkeys?notice=removed');
      expect(authsignal.deleteAuthenticator).toHaveBeenCalledWith({ userId: 'user-1', userAuthenticatorId: 'pk-1' });
      expect((await agent.get(res.headers.location).expect(200)).text).toContain('The passkey was removed.');
    });

    it('refuses a removal without the CSRF token', async () => {
      const { agent } = await pageAndAgent();
      const res = await agent.post('/passkeys/pk-1/remove').type('form').send({}).expect(403);
      expect(res.text).toContain('Form expired');
      expect(authsignal.deleteAuthenticator).not.toHaveBeenCalled();
    });

    it("shows a friendly page for an id that is not one of the user's passkeys", async () => {
      const { agent, csrf } = await pageAndAgent();
      const res = await agent.post('/passkeys/other-users-passkey/remove').type('form').send({ _csrf: csrf }).expect(404);
      expect(res.text).toContain('Passkey not found');
      expect(authsignal.deleteAuthenticator).not.toHaveBeenCalled();
    });

    it('refuses an id of the wrong shape before asking Authsignal', async () => {
      const { agent, csrf } = await pageAndAgent();
      await agent.post('/passkeys/..%2F..%2Fusers/remove').type('form').send({ _csrf: csrf }).expect(400);
      expect(authsignal.getAuthenticators).toHaveBeenCalledTimes(1);
    });

    it('asks for a fresh sign-in once the sign-in is no longer recent', async () => {
      const { agent, csrf } = await pageAndAgent();
      const realNow = Date.now;
      jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 601_000);
      try {
        const res = await agent.post('/passkeys/pk-1/remove').type('form').send({ _csrf: csrf }).expect(403);
        expect(res.text).toContain('Please sign in again');
        expect(res.text).toContain('href="/passkeys">Sign in again</a>');
      } finally {
        jest.restoreAllMocks();
      }
      expect(authsignal.deleteAuthenticator).not.toHaveBeenCalled();
    });

    it('shows a 503 page when Authsignal fails during the removal', async () => {
      const { agent, csrf } = await pageAndAgent();
      authsignal.deleteAuthenticator.mockRejectedValueOnce(new AuthsignalError(401, 'unauthorized', 'bad key'));
      const res = await agent.post('/passkeys/pk-1/remove').type('form').send({ _csrf: csrf }).expect(503);
      expect(res.text).toContain('Passkeys unavailable');
    });
  });

  it('serves the Authsignal browser SDK from our own origin', async () => {
    await request(app.getHttpServer()).get('/vendor/authsignal-browser.min.js').expect(200).expect('Content-Type', /javascript/);
  });
});
