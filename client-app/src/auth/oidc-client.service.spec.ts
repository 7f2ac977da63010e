import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadClientAppConfig } from '../config/client-app.config.js';
import { IdentityServerUnavailableError, SignInFailedError } from './auth.errors.js';
import { OidcClientService } from './oidc-client.service.js';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Just enough of an OpenID provider to exercise the relying party: discovery, JWKS, token endpoint. */
class FakeIdentityServer {
  readonly signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** Claims of the next ID token; the test sets `nonce`. */
  idTokenClaims: Record<string, unknown> = {};
  idTokenKey: KeyObject = this.signingKey.privateKey;
  readonly tokenRequests: Array<{ authorization?: string; body: URLSearchParams }> = [];
  discoveryRequests = 0;
  private server?: Server;
  port = 0;

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (body: unknown): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/.well-known/openid-configuration') {
      this.discoveryRequests += 1;
      return json({
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/auth`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        end_session_endpoint: `${this.issuer}/session/end`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.url === '/jwks') {
      return json({ keys: [{ ...this.signingKey.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] });
    }
    if (req.url === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      this.tokenRequests.push({ authorization: req.headers.authorization, body: new URLSearchParams(body) });
      return json({ access_token: 'access-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'refresh-2', id_token: this.idToken() });
    }
    res.writeHead(404).end();
  }

  private idToken(): string {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' }));
    const payload = base64url(JSON.stringify({ iss: this.issuer, aud: 'client-app', sub: 'user-1', iat: now, exp: now + 300, ...this.idTokenClaims }));
    return `${header}.${payload}.${base64url(sign('sha256', Buffer.from(`${header}.${payload}`), this.idTokenKey))}`;
  }
}

describe(OidcClientService.name, () => {
  let idp: FakeIdentityServer;
  let service: OidcClientService;
  const configFor = (issuer: string) => loadClientAppConfig({ LOG_LEVEL: 'silent', OIDC_ISSUER: issuer });

  beforeEach(async () => {
    idp = new FakeIdentityServer();
    await idp.start();
    service = new OidcClientService(configFor(idp.issuer));
  });

  afterEach(async () => {
    await idp.stop();
  });

  /** The identity server's redirect back to us, for the request `service.authorizationUrl()` started. */
  const callbackUrl = (params: Record<string, string>) => new URL(`http://localhost:5002/callback?${new URLSearchParams(params)}`);

  describe('authorizationUrl', () => {
    it('asks for a code with PKCE S256, state and nonce, fresh each time', async () => {
      const first = await service.authorizationUrl();
      const second = await service.authorizationUrl();
      const url = new URL(first.url);

      expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/auth`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        response_type: 'code',
        client_id: 'client-app',
        redirect_uri: 'http://localhost:5002/callback',
        scope: 'openid profile email offline_access',
        code_challenge: base64url(createHash('sha256').update(first.codeVerifier).digest()),
        code_challenge_method: 'S256',
        state: first.state,
        nonce: first.nonce,
      });
      expect(second.state).not.toBe(first.state);
      expect(second.nonce).not.toBe(first.nonce);
      expect(second.codeVerifier).not.toBe(first.codeVerifier);
      expect(idp.discoveryRequests).toBe(1);
    });

    it('asks for a recent sign-in with max_age when told to, and remembers it for the callback', async () => {
      const request = await service.authorizationUrl({ maxAge: 600 });
      expect(new URL(request.url).searchParams.get('max_age')).toBe('600');
      expect(request.maxAge).toBe(600);
      expect(new URL((await service.authorizationUrl()).url).searchParams.has('max_age')).toBe(false);
    });
  });

  describe('handleCallback', () => {
    it('exchanges the code with the PKCE verifier and returns the verified claims and tokens', async () => {
      const { state, nonce, codeVerifier } = await service.authorizationUrl();
      idp.idTokenClaims = { nonce, amr: ['pwd', 'otp'], auth_time: 1_767_225_600 };

      const result = await service.handleCallback(callbackUrl({ code: 'code-1', state }), { state, nonce, codeVerifier });

      expect(result.claims).toMatchObject({ sub: 'user-1', amr: ['pwd', 'otp'], auth_time: 1_767_225_600, iss: idp.issuer });
      expect(result.tokens).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-2' });
      expect(result.tokens.idToken.split('.')).toHaveLength(3);
      expect(result.tokens.expiresAt).toBeGreaterThan(Date.now() / 1000);
      const [{ authorization, body }] = idp.tokenRequests;
      // client_secret_basic, each part form-encoded (RFC 6749 §2.3.1).
      const [id, secret] = Buffer.from(authorization!.replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
      expect([id, secret]).toEqual(['client-app', 'dev-client-app-secret-change-me-0123456789']);
      expect(Object.fromEntries(body)).toEqual({
        grant_type: 'authorization_code',
        code: 'code-1',
        code_verifier: codeVerifier,
        redirect_uri: 'http://localhost:5002/callback',
      });
    });

    it('refuses an answer to another sign-in (state mismatch) without redeeming the code', async () => {
      const checks = await service.authorizationUrl();
      await expect(service.handleCallback(callbackUrl({ code: 'code-1', state: 'forged' }), checks)).rejects.toThrow(
        expect.objectContaining({ reason: 'failed' }),
      );
      expect(idp.tokenRequests).toHaveLength(0);
    });

    it('refuses an ID token minted for another sign-in (nonce mismatch)', async () => {
      const checks = await service.authorizationUrl();
      idp.idTokenClaims = { nonce: 'someone-elses-nonce' };
      await expect(service.handleCallback(callbackUrl({ code: 'code-1', state: checks.state }), checks)).rejects.toThrow(SignInFailedError);
    });

    it('refuses an ID token not signed by the identity server', async () => {
      const checks = await service.authorizationUrl();
      idp.idTokenClaims = { nonce: checks.nonce };
      idp.idTokenKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      await expect(service.handleCallback(callbackUrl({ code: 'code-1', state: checks.state }), checks)).rejects.toThrow(SignInFailedError);
    });

    it('accepts a re-authentication whose auth_time is within max_age', async () => {
      const checks = await service.authorizationUrl({ maxAge: 600 });
      idp.idTokenClaims = { nonce: checks.nonce, auth_time: Math.floor(Date.now() / 1000) - 5 };
      const result = await service.handleCallback(callbackUrl({ code: 'code-1', state: checks.state }), checks);
      expect(result.claims.sub).toBe('user-1');
    });

    it('refuses a re-authentication the identity server did not perform (auth_time older than max_age)', async () => {
      const checks = await service.authorizationUrl({ maxAge: 600 });
      idp.idTokenClaims = { nonce: checks.nonce, auth_time: Math.floor(Date.now() / 1000) - 3600 };
      await expect(service.handleCallback(callbackUrl({ code: 'code-1', state: checks.state }), checks)).rejects.toThrow(
        expect.objectContaining({ reason: 'failed' }),
      );
    });

    it('reports a declined sign-in as cancelled', async () => {
      const checks = await service.authorizationUrl();
      const declined = callbackUrl({ error: 'access_denied', error_description: 'End-User aborted interaction', state: checks.state });
      await expect(service.handleCallback(declined, checks)).rejects.toThrow(expect.objectContaining({ reason: 'cancelled' }));
    });
  });

  describe('endSessionUrl', () => {
    it('sends the ID token hint and our post-logout address to the end-session endpoint', async () => {
      const url = new URL(await service.endSessionUrl('id.token.jwt'));
      expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        id_token_hint: 'id.token.jwt',
        post_logout_redirect_uri: 'http://localhost:5002/',
        client_id: 'client-app',
      });
    });
  });

  describe('refresh', () => {
    it('redeems the refresh token', async () => {
      const tokens = await service.refresh('refresh-1');
      expect(tokens).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-2' });
      expect(Object.fromEntries(idp.tokenRequests[0].body)).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    });
  });

  describe('discovery', () => {
    it('reports an unreachable identity server, then recovers once it is up', async () => {
      const { port } = idp;
      await idp.stop();

      await expect(service.authorizationUrl()).rejects.toThrow(IdentityServerUnavailableError);
      expect(await service.isReachable()).toBe(false);

      await idp.start(port);
      expect(await service.isReachable()).toBe(true);
      await expect(service.authorizationUrl()).resolves.toMatchObject({ url: expect.stringContaining('/auth?') });
    });
  });
});
