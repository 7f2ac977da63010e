import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createServer } from 'node:net';
import request from 'supertest';
import { IdentityServerUnavailableError, SignInFailedError } from './auth/auth.errors.js';
import { OidcClientService, type SignInResult } from './auth/oidc-client.service.js';
import { configureClientApp, createClientApp } from './client-app.js';
import { ClientAppModule } from './client-app.module.js';
import { loadClientAppConfig } from './config/client-app.config.js';
import type { ClientAppConfig } from './config/client-app-config.js';

const config = loadClientAppConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', OIDC_ISSUER: 'http://idp.test:5001' });

const signInResult = (): SignInResult => ({
  claims: {
    sub: 'user-1',
    name: 'Carol Example',
    email: 'carol@example.com',
    amr: ['pwd', 'otp'],
    auth_time: 1_767_225_600,
    iss: config.oidc.issuer,
    aud: config.oidc.clientId,
    exp: 1_767_229_200,
  },
  tokens: { idToken: 'id.token.jwt', accessToken: 'access-token', refreshToken: 'refresh-token' },
});

type OidcClientDouble = jest.Mocked<Pick<OidcClientService, 'authorizationUrl' | 'handleCallback' | 'endSessionUrl' | 'refresh' | 'revoke' | 'isReachable'>>;

const csrfTokenIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const sessionCookieOf = (res: request.Response): string | undefined =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('client_app.sid='));

/** The real app with the OIDC client replaced, as `createClientApp` would configure it. */
async function bootWith(appConfig: ClientAppConfig, oidc: OidcClientDouble): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [ClientAppModule.forRoot(appConfig)] })
    .overrideProvider(OidcClientService)
    .useValue(oidc)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureClientApp(app, appConfig);
  return app.init();
}

const anOidcClientDouble = (): OidcClientDouble => ({
  authorizationUrl: jest.fn(async () => ({ url: 'http://idp.test:5001/auth?client_id=client-app', codeVerifier: 'verifier', state: 'state-1', nonce: 'nonce-1' })),
  handleCallback: jest.fn(async () => signInResult()),
  endSessionUrl: jest.fn(async () => 'http://idp.test:5001/session/end?id_token_hint=id.token.jwt'),
  refresh: jest.fn(async () => ({ accessToken: 'fresh' })),
  revoke: jest.fn(async () => undefined),
  isReachable: jest.fn(async () => true),
});

describe(ClientAppModule.name, () => {
  let app: NestExpressApplication;
  let oidc: OidcClientDouble;

  beforeEach(async () => {
    oidc = anOidcClientDouble();
    app = await bootWith(config, oidc);
  });

  afterEach(async () => {
    await app.close();
  });

  /** An agent that has been through the sign-in flow, with the session cookie it ended up with. */
  async function signedInAgent(returnTo?: string) {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/login').query(returnTo === undefined ? {} : { returnTo }).expect(302);
    const callback = await agent.get('/callback?code=abc&state=state-1').expect(302);
    return { agent, callback };
  }

  describe('home page', () => {
    it('offers a sign-in button to a signed-out visitor', async () => {
      const res = await request(app.getHttpServer()).get('/').expect(200).expect('Content-Type', /html/);
      expect(res.text).toContain('<a class="button" href="/login">Sign in</a>');
      expect(res.text).toContain('<main id="main">');
      expect(res.text).toContain('<link rel="stylesheet" href="/css/site.css">');
      expect(sessionCookieOf(res)).toBeUndefined();
    });

    it('sends a strict security policy with no inline code, and no caching', async () => {
      const res = await request(app.getHttpServer()).get('/').expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self' http://idp.test:5001");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=/i);
    });

    it('serves the shared stylesheet', async () => {
      await request(app.getHttpServer()).get('/css/site.css').expect(200).expect('Content-Type', /css/);
    });

    it('greets a signed-in user and offers a CSRF-protected sign-out', async () => {
      const { agent } = await signedInAgent();
      const res = await agent.get('/').expect(200);
      expect(res.text).toContain('Signed in as <strong>Carol Example</strong>');
      expect(res.text).toContain('href="/profile">View profile</a>');
      expect(csrfTokenIn(res.text)).not.toBe('');
    });
  });

  describe('sign-in', () => {
    it('sends a signed-out browser from a protected page to sign in', async () => {
      const res = await request(app.getHttpServer()).get('/profile').expect(302);
      expect(res.headers.location).toBe('/login?returnTo=%2Fprofile');
    });

    it('starts the code flow at the identity server with an HttpOnly, SameSite session cookie', async () => {
      const res = await request(app.getHttpServer()).get('/login').expect(302);
      expect(res.headers.location).toBe('http://idp.test:5001/auth?client_id=client-app');
      expect(sessionCookieOf(res)).toMatch(/HttpOnly/);
      expect(sessionCookieOf(res)).toMatch(/SameSite=Lax/);
      expect(sessionCookieOf(res)).not.toMatch(/Secure/);
    });

    it('keeps a session that only started a sign-in for minutes, and a signed-in one for hours', async () => {
      const agent = request.agent(app.getHttpServer());
      const started = sessionCookieOf(await agent.get('/login').expect(302));
      const signedIn = sessionCookieOf(await agent.get('/callback?code=abc&state=state-1').expect(302));
      const lifetime = (cookie?: string) => new Date(/Expires=([^;]+)/.exec(cookie ?? '')?.[1] ?? 0).getTime() - Date.now();
      expect(lifetime(started)).toBeLessThanOrEqual(15 * 60 * 1000);
      expect(lifetime(signedIn)).toBeGreaterThan(60 * 60 * 1000);
    });

    it('completes the flow with the checks from /login, on a new session id, and shows the profile', async () => {
      const agent = request.agent(app.getHttpServer());
      const before = sessionCookieOf(await agent.get('/login').expect(302));
      const callback = await agent.get('/callback?code=abc&state=state-1').expect(302);

      expect(callback.headers.location).toBe('/profile');
      expect(sessionCookieOf(callback)).toBeDefined();
      expect(sessionCookieOf(callback)?.split(';')[0]).not.toBe(before?.split(';')[0]);
      const [currentUrl, checks] = oidc.handleCallback.mock.calls[0];
      expect(currentUrl.href).toBe('http://localhost:5002/callback?code=abc&state=state-1');
      expect(checks).toEqual({ codeVerifier: 'verifier', state: 'state-1', nonce: 'nonce-1' });

      const profile = await agent.get('/profile').expect(200);
      expect(profile.headers['cache-control']).toBe('no-store');
      expect(profile.text).toContain('Carol Example');
      expect(profile.text).toContain('pwd, otp');
      expect(profile.text).toContain('2026-01-01T00:00:00.000Z');
    });

    it('returns to the local page asked for', async () => {
      const { callback } = await signedInAgent('/profile?tab=claims');
      expect(callback.headers.location).toBe('/profile?tab=claims');
    });

    it('ignores a return address on another site', async () => {
      const { callback } = await signedInAgent('//evil.example/profile');
      expect(callback.headers.location).toBe('/profile');
    });

    it('refuses a replayed callback', async () => {
      const agent = request.agent(app.getHttpServer());
      await agent.get('/login').expect(302);
      oidc.handleCallback.mockRejectedValueOnce(new SignInFailedError('failed'));
      await agent.get('/callback?code=abc&state=state-1').expect(400);
      const replay = await agent.get('/callback?code=abc&state=state-1').expect(400);
      expect(replay.text).toContain('Sign-in expired');
      expect(oidc.handleCallback).toHaveBeenCalledTimes(1);
    });

    it('shows a page, not an error, when the user cancels at the identity server', async () => {
      const res = await request(app.getHttpServer()).get('/callback?error=access_denied&state=x').expect(403);
      expect(res.text).toContain('Sign-in cancelled');
      expect(res.text).toContain('role="alert"');
      expect(res.text).toContain('href="/login">Try signing in again</a>');
    });

    it('shows a page with a way to try again when the identity server is down', async () => {
      oidc.authorizationUrl.mockRejectedValueOnce(new IdentityServerUnavailableError(config.oidc.issuer));
      const res = await request(app.getHttpServer()).get('/login?returnTo=/profile').expect(503);
      expect(res.text).toContain('Identity server unavailable');
      expect(res.text).toContain('href="/login?returnTo&#x3D;/profile">Try again</a>');
      expect(res.text).toMatch(/Reference: <code>[0-9a-f-]{36}<\/code>/);
    });
  });

  describe('sign-out', () => {
    it('refuses a sign-out without a CSRF token with a page', async () => {
      const { agent } = await signedInAgent();
      const res = await agent.post('/logout').type('form').send({}).expect(403);
      expect(res.text).toContain('Form expired');
      expect(res.text).toContain('role="alert"');
      await agent.get('/profile').expect(200);
    });

    it('refuses a forged CSRF token', async () => {
      const { agent } = await signedInAgent();
      await agent.post('/logout').type('form').send({ _csrf: 'forged.token' }).expect(403);
    });

    it('ends the local session and hands over to the identity server', async () => {
      const { agent } = await signedInAgent();
      const page = await agent.get('/profile').expect(200);
      const res = await agent.post('/logout').type('form').send({ _csrf: csrfTokenIn(page.text) }).expect(303);
      expect(res.headers.location).toBe('http://idp.test:5001/session/end?id_token_hint=id.token.jwt');
      expect(oidc.endSessionUrl).toHaveBeenCalledWith('id.token.jwt');
      expect(oidc.revoke).toHaveBeenCalledWith('refresh-token');
      await agent.get('/profile').expect(302);
    });

    it('signs out even when the refresh token cannot be revoked', async () => {
      oidc.revoke.mockRejectedValue(new Error('identity server down'));
      const { agent } = await signedInAgent();
      const page = await agent.get('/profile').expect(200);
      await agent.post('/logout').type('form').send({ _csrf: csrfTokenIn(page.text) }).expect(303);
      await agent.get('/profile').expect(302);
    });

    it('answers unexpected form fields with a page, not a 500', async () => {
      const { agent } = await signedInAgent();
      const page = await agent.get('/profile').expect(200);
      const res = await agent.post('/logout').type('form').send({ _csrf: csrfTokenIn(page.text), admin: 'true' }).expect(400);
      expect(res.text).toContain('Request not accepted');
    });
  });

  describe('probes and errors', () => {
    it('answers liveness', async () => {
      await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
    });

    it('is ready while the identity server is reachable, and says so when it is not', async () => {
      await request(app.getHttpServer()).get('/ready').expect(200, { status: 'ready' });
      oidc.isReachable.mockResolvedValueOnce(false);
      const res = await request(app.getHttpServer()).get('/ready').expect(503);
      expect(res.body.status).toBe('unavailable');
    });

    it('shows a not-found page', async () => {
      const res = await request(app.getHttpServer()).get('/nowhere').expect(404);
      expect(res.text).toContain('Page not found');
    });
  });
});

describe(`${ClientAppModule.name} behind a TLS-terminating proxy`, () => {
  it('sets Secure, __Host- cookies and HSTS', async () => {
    const httpsConfig = loadClientAppConfig({ LOG_LEVEL: 'silent', CLIENT_APP_URL: 'https://app.example.com', TRUST_PROXY: 'true' });
    const app = await bootWith(httpsConfig, anOidcClientDouble());
    try {
      const res = await request(app.getHttpServer()).get('/login').set('X-Forwarded-Proto', 'https').expect(302);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((value) => value.startsWith('__Host-client_app.sid='));
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(res.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await app.close();
    }
  });
});

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(createClientApp.name, () => {
  it('starts without the identity server and reports it unavailable', async () => {
    const app = await createClientApp({ ...config, oidc: { ...config.oidc, issuer: `http://127.0.0.1:${await closedPort()}` } });
    await app.init();
    try {
      await request(app.getHttpServer()).get('/').expect(200);
      await request(app.getHttpServer()).get('/ready').expect(503);
      const res = await request(app.getHttpServer()).get('/login').expect(503);
      expect(res.text).toContain('Identity server unavailable');
    } finally {
      await app.close();
    }
  });
});
