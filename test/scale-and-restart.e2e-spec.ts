import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { startIdentityServer, TEST_CLIENT_SECRET, type RunningIdentityServer } from './support/identity-server.js';
import { RelyingParty } from './support/relying-party.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5998';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const alice = { username: 'alice', password: DEMO_PASSWORD };

/** The same URL on the other instance: as if a load balancer sent this request there. */
const onInstance = (url: string, instance: RunningIdentityServer) => {
  const moved = new URL(url);
  moved.port = String(instance.port);
  return moved.toString();
};

describe('instances are stateless', () => {
  let testDb: TestDatabase;
  let first: RunningIdentityServer;
  let second: RunningIdentityServer;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    first = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL });
    // Same issuer, another port, and (on PostgreSQL) its own connection pool: a second instance.
    const secondDb = testDatabaseUrl() ? testDb.reopen() : testDb.db;
    second = await startIdentityServer(secondDb, { CLIENT_APP_URL: CLIENT_URL, ISSUER: first.issuer });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await testDb?.close();
  });

  it('finishes on one instance a sign-in started on the other, and redeems its code once across both', async () => {
    const rp = await RelyingParty.discover(first.issuer, REDIRECT_URI);
    const request = await rp.authorization();
    const browser = new HttpBrowser();
    const loginPage = await browser.get(request.url);
    expect(loginPage.body).toContain('Sign in');

    const loginPost = await browser.postForm(
      onInstance(new URL(formAction(loginPage.body, '/login')!, loginPage.url).toString(), second),
      { ...alice, _csrf: inputValue(loginPage.body, '_csrf')! },
      { follow: false },
    );
    expect(loginPost.status).toBe(303);
    const callback = await browser.get(onInstance(loginPost.headers.get('location')!, second), { stopAt: REDIRECT_URI });
    const code = new URL(callback.url).searchParams.get('code')!;
    expect(code).toEqual(expect.any(String));

    const redeemAt = (instance: RunningIdentityServer) =>
      fetch(onInstance(`${first.issuer}/token`, instance), {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`client-app:${TEST_CLIENT_SECRET}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: request.codeVerifier }),
      }).then(async (response) => ({ status: response.status, body: await response.json() }));
    const results = await Promise.all([redeemAt(first), redeemAt(second)]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 400]);
    expect(results.find((result) => result.status === 400)?.body.error).toBe('invalid_grant');
  });
});

describe('a restart keeps issued tokens valid', () => {
  let testDb: TestDatabase;
  let server: RunningIdentityServer;
  afterAll(async () => {
    await server?.close();
    await testDb?.close();
  });

  it('accepts access and refresh tokens issued before the restart, signed by the same key, stored encrypted', async () => {
    testDb = await createTestDatabase();
    server = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL });
    const before = await RelyingParty.discover(server.issuer, REDIRECT_URI);
    const signIn = await before.signIn(new HttpBrowser(), alice);
    const tokens = await before.redeem(signIn.callbackUrl, signIn);
    const jwksBefore = await (await fetch(`${server.issuer}/jwks`)).json();

    await server.close();
    server = await startIdentityServer(testDatabaseUrl() ? testDb.reopen() : testDb.db, { CLIENT_APP_URL: CLIENT_URL }, server.port);

    expect(await (await fetch(`${server.issuer}/jwks`)).json()).toEqual(jwksBefore);
    const [stored] = await testDb.db.query<{ private_jwk: Record<string, unknown> }>('SELECT private_jwk FROM signing_keys');
    expect(stored.private_jwk).toEqual({ alg: 'A256GCM', iv: expect.any(String), tag: expect.any(String), ciphertext: expect.any(String) });
    const after = await RelyingParty.discover(server.issuer, REDIRECT_URI);
    expect(await after.userinfo(tokens.access_token, tokens.claims()!.sub)).toMatchObject({ preferred_username: 'alice' });
    const refreshed = await after.refresh(tokens.refresh_token!);
    expect(refreshed.claims()?.sub).toBe(tokens.claims()!.sub);
  });
});
