import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { type ClientsFile, clientsFile } from './support/clients-file.js';
import { HttpBrowser } from './support/http-browser.js';
import { startIdentityServer, type RunningIdentityServer } from './support/identity-server.js';
import { RelyingParty } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/** A resource server: it only checks the tokens applications present to it. */
const ORDERS_API = { client_id: 'orders-api', client_secret: 'orders-api-secret-0123456789abcdef', grant_types: [], resource_server: true };
/** The application whose tokens are checked. */
const INTRANET = {
  client_id: 'intranet',
  client_secret: 'intranet-secret-0123456789abcdef0123',
  redirect_uris: ['http://localhost:5983/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  first_party: true,
};
/** Another application, which has no business with the intranet's tokens. */
const REPORTS_JOB = { client_id: 'reports-job', client_secret: 'reports-job-secret-0123456789abcdef', grant_types: ['client_credentials'] };

type Credentials = { client_id: string; client_secret: string };

describe('token introspection (RFC 7662) and revocation (RFC 7009)', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let clients: ClientsFile;
  let intranet: RelyingParty;

  beforeAll(async () => {
    clients = clientsFile([ORDERS_API, INTRANET, REPORTS_JOB]);
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, clients.env);
    intranet = await RelyingParty.discoverClient(idp.issuer, INTRANET);
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
    clients?.remove();
  });

  const basic = ({ client_id, client_secret }: Credentials) => `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString('base64')}`;

  async function call(endpoint: 'introspection' | 'revocation', caller: Credentials, form: Record<string, string>) {
    const response = await fetch(`${idp.issuer}/token/${endpoint}`, {
      method: 'POST',
      headers: { authorization: basic(caller), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }
  const introspect = (caller: Credentials, token: string) => call('introspection', caller, { token });
  const revoke = (caller: Credentials, token: string, hint?: string) => call('revocation', caller, { token, ...(hint ? { token_type_hint: hint } : {}) });

  /** Alice signs in to the intranet: its access and refresh tokens. */
  async function intranetTokens() {
    const signIn = await intranet.signIn(new HttpBrowser(), { username: 'alice', password: DEMO_PASSWORD });
    const tokens = await intranet.redeem(signIn.callbackUrl, signIn);
    return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token!, sub: tokens.claims()!.sub };
  }

  it('tells a resource server that an application’s access token is active, for whom, for what and until when', async () => {
    const { accessToken, sub } = await intranetTokens();

    const { status, body } = await introspect(ORDERS_API, accessToken);

    expect(status).toBe(200);
    expect(body).toMatchObject({ active: true, client_id: 'intranet', sub, token_type: 'Bearer', iss: idp.issuer, exp: expect.any(Number), iat: expect.any(Number) });
    expect((body.scope as string).split(' ')).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));
  });

  it('answers inactive for an unknown token, and for a refresh token of another client', async () => {
    const { refreshToken } = await intranetTokens();
    expect((await introspect(ORDERS_API, 'not-a-token-we-issued')).body).toEqual({ active: false });
    expect((await introspect(ORDERS_API, refreshToken)).body).toEqual({ active: false });
  });

  it('lets an application introspect its own refresh token, and no other client’s token', async () => {
    const { accessToken, refreshToken } = await intranetTokens();
    expect((await introspect(INTRANET, refreshToken)).body).toMatchObject({ active: true, client_id: 'intranet', scope: expect.stringContaining('offline_access') });
    // Another client learns nothing, not even that the token exists.
    expect((await introspect(REPORTS_JOB, accessToken)).body).toEqual({ active: false });
  });

  it('refuses a caller with a wrong secret with 401 invalid_client, at both endpoints', async () => {
    const { accessToken } = await intranetTokens();
    const impostor = { ...ORDERS_API, client_secret: 'a-wrong-secret-0123456789abcdef0123' };

    for (const attempt of [introspect(impostor, accessToken), revoke({ ...INTRANET, client_secret: impostor.client_secret }, accessToken)]) {
      const { status, body } = await attempt;
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_client');
    }
    expect((await introspect(ORDERS_API, accessToken)).body.active).toBe(true);
  });

  it('shows a revoked access token as inactive, and (as RFC 7009 2.1 allows) the refresh token of its grant with it', async () => {
    const { accessToken, refreshToken } = await intranetTokens();
    const other = await intranetTokens();

    expect((await revoke(INTRANET, accessToken, 'access_token')).status).toBe(200);

    expect((await introspect(ORDERS_API, accessToken)).body).toEqual({ active: false });
    await expect(intranet.refresh(refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' });
    // Another sign-in's tokens are untouched.
    expect((await introspect(ORDERS_API, other.accessToken)).body.active).toBe(true);
  });

  it('ends the whole grant when the refresh token is revoked: its access tokens go inactive and it no longer refreshes', async () => {
    const { accessToken, refreshToken } = await intranetTokens();

    expect((await revoke(INTRANET, refreshToken, 'refresh_token')).status).toBe(200);

    expect((await introspect(ORDERS_API, accessToken)).body).toEqual({ active: false });
    await expect(intranet.refresh(refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses to let one client revoke another’s token, which stays active', async () => {
    const { accessToken } = await intranetTokens();

    const { status, body } = await revoke(ORDERS_API, accessToken);

    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_request', error_description: 'client is not authorized to revoke the presented token' });
    expect((await introspect(ORDERS_API, accessToken)).body.active).toBe(true);
  });

  it('answers 200 to the revocation of a token it does not know (RFC 7009 2.2)', async () => {
    expect((await revoke(INTRANET, 'never-issued')).status).toBe(200);
  });
});
