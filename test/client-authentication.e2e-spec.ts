import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLIENT_AUTH_METHODS } from '../src/config/client-authentication.schema.js';
import { type ClientsFile, clientsFile } from './support/clients-file.js';
import { freePort } from '../bench/lib/free-port.js';
import { startIdentityServer, type RunningIdentityServer } from './support/identity-server.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const HMAC_SECRET = 'reports-job-secret-0123456789abcdef0123456789';

/** A key pair of a `private_key_jwt` client: the private half signs, the public half is registered. */
async function clientKey(kid: string): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

describe('client authentication: every method discovery lists can be registered and used', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let clients: ClientsFile;
  let jwksServer: Server;
  let inline: Awaited<ReturnType<typeof clientKey>>;
  let published: Awaited<ReturnType<typeof clientKey>>;

  beforeAll(async () => {
    [inline, published] = await Promise.all([clientKey('inline-1'), clientKey('published-1')]);
    // The client's own JWKS endpoint, on loopback: the provider reaches it because the operator registered it.
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [published.jwk] })));
    const jwksPort = await freePort();
    await new Promise<void>((resolve) => jwksServer.listen(jwksPort, '127.0.0.1', resolve));
    clients = clientsFile([
      { client_id: 'billing-job', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [inline.jwk] }, grant_types: ['client_credentials'] },
      {
        client_id: 'ledger-job',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: `http://localhost:${(jwksServer.address() as AddressInfo).port}/jwks.json`,
        grant_types: ['client_credentials'],
      },
      { client_id: 'reports-job', token_endpoint_auth_method: 'client_secret_jwt', client_secret: HMAC_SECRET, grant_types: ['client_credentials'] },
    ]);
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, clients.env);
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
    clients?.remove();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const assertion = (clientId: string, key: CryptoKey | Uint8Array, alg: string, audience = `${idp.issuer}/token`) =>
    new SignJWT({})
      .setProtectedHeader({ alg })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(audience)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(key);

  const clientCredentials = async (clientId: string, clientAssertion: string) => {
    const response = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: clientAssertion }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('advertises exactly the methods a client can be registered with (for the token, introspection and revocation endpoints alike)', async () => {
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect([...(discovery.token_endpoint_auth_methods_supported as string[])].sort()).toEqual([...CLIENT_AUTH_METHODS].sort());
    // No endpoint-specific lists: the token endpoint's apply to introspection and revocation (RFC 8414 2).
    expect(Object.keys(discovery).filter((name) => name.endsWith('_auth_methods_supported'))).toEqual(['token_endpoint_auth_methods_supported']);
    expect(discovery).toMatchObject({ introspection_endpoint: `${idp.issuer}/token/introspection`, revocation_endpoint: `${idp.issuer}/token/revocation` });
  });

  it('issues a token to a private_key_jwt client whose keys are in the clients file', async () => {
    const { status, body } = await clientCredentials('billing-job', await assertion('billing-job', inline.privateKey, 'RS256'));
    expect(status).toBe(200);
    expect(body.access_token).toEqual(expect.any(String));
  });

  it('issues a token to a private_key_jwt client that publishes its keys at a registered jwks_uri on the private network', async () => {
    const { status, body } = await clientCredentials('ledger-job', await assertion('ledger-job', published.privateKey, 'RS256', idp.issuer));
    expect(status).toBe(200);
    expect(body.access_token).toEqual(expect.any(String));
  });

  it('issues a token to a client_secret_jwt client', async () => {
    const { status } = await clientCredentials('reports-job', await assertion('reports-job', new TextEncoder().encode(HMAC_SECRET), 'HS256'));
    expect(status).toBe(200);
  });

  it.each([
    ['signed with another client’s key', async () => clientCredentials('billing-job', await assertion('billing-job', published.privateKey, 'RS256'))],
    ['for another audience', async () => clientCredentials('billing-job', await assertion('billing-job', inline.privateKey, 'RS256', 'https://elsewhere.example/token'))],
    ['replayed', async () => {
      const once = await assertion('billing-job', inline.privateKey, 'RS256');
      await clientCredentials('billing-job', once);
      return clientCredentials('billing-job', once);
    }],
    ['signed with a secret where keys are registered', async () => clientCredentials('billing-job', await assertion('billing-job', new TextEncoder().encode(HMAC_SECRET), 'HS256'))],
  ])('refuses an assertion %s with invalid_client', async (_case, attempt) => {
    const { status, body } = await attempt();
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });
});
