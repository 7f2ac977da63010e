import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { parseKeysCommand, runKeysCommand } from '../src/keys/cli/keys-command.js';
import { SigningKeysService } from '../src/oidc/signing-keys.service.js';
import { RETIRED_KEY_RETENTION_SECONDS } from '../src/oidc/token-lifetimes.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { clientsFile, type ClientsFile } from './support/clients-file.js';
import { HttpBrowser } from './support/http-browser.js';
import { startIdentityServer, type RunningIdentityServer } from './support/identity-server.js';
import { RelyingParty } from './support/relying-party.js';
import { elapseForSigningKeys, waitUntil } from './support/signing-keys.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5994';
const alice = { username: 'alice', password: DEMO_PASSWORD };
/** A first-party client that chose ES256 for its ID tokens. */
const FAST_SIGNER = {
  client_id: 'fast-signer',
  client_secret: 'fast-signer-secret-0123456789abcdef0123',
  redirect_uris: ['http://localhost:5993/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  first_party: true,
  id_token_signed_response_alg: 'ES256',
};
const EDWARDS_SIGNER = { ...FAST_SIGNER, client_id: 'edwards-signer', redirect_uris: ['http://localhost:5992/callback'], id_token_signed_response_alg: 'EdDSA' };

const jwksOf = async (instance: RunningIdentityServer): Promise<JSONWebKeySet> => (await fetch(`http://localhost:${instance.port}/jwks`)).json();
const kidsOf = async (instance: RunningIdentityServer) => (await jwksOf(instance)).keys.map((key) => key.kid);
const verifiesAt = async (instance: RunningIdentityServer, idToken: string) =>
  jwtVerify(idToken, createLocalJWKSet(await jwksOf(instance)), { issuer: instance.issuer }).then(
    () => true,
    () => false,
  );
const headerOf = (jwt: string) => decodeProtectedHeader(jwt);

describe('signing keys: ES256 and EdDSA beside RS256, rotated while two instances run', () => {
  let testDb: TestDatabase;
  let clients: ClientsFile;
  let first: RunningIdentityServer;
  let second: RunningIdentityServer;
  let operator: SigningKeysService;

  /** What `npm run keys -- …` does, against the instances' database. */
  const keysCommand = async (...argv: string[]) => {
    const printed: string[] = [];
    const parsed = parseKeysCommand(argv);
    if (parsed.help) throw new Error('expected a command');
    await runKeysCommand(parsed, operator, first.config.oidc.signingKeys.algorithms, { print: (text) => printed.push(text), table: () => undefined, refuse: (text) => printed.push(text) });
    return printed;
  };
  /** A full sign-in of alice through `instance`, redeemed there. */
  const relyingPartyAt = async (instance: RunningIdentityServer, client?: typeof FAST_SIGNER) =>
    (client ? await RelyingParty.discoverClient(first.issuer, client) : await RelyingParty.discover(first.issuer, `${CLIENT_URL}/callback`)).atInstance(instance.port);
  const signInAt = async (instance: RunningIdentityServer, client?: typeof FAST_SIGNER) => {
    const rp = await relyingPartyAt(instance, client);
    const browser = new HttpBrowser();
    const signIn = await rp.signIn(browser, alice);
    return { rp, browser, tokens: await rp.redeem(signIn.callbackUrl, signIn) };
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    clients = clientsFile([FAST_SIGNER, EDWARDS_SIGNER]);
    const env = { CLIENT_APP_URL: CLIENT_URL, SIGNING_KEYS_REFRESH_SECONDS: '1', ...clients.env };
    first = await startIdentityServer(testDb.db, env);
    // Same issuer, another port, and (on PostgreSQL) its own connection pool: a second instance.
    second = await startIdentityServer(testDatabaseUrl() ? testDb.reopen() : testDb.db, { ...env, ISSUER: first.issuer });
    operator = new SigningKeysService(testDatabaseUrl() ? testDb.reopen() : testDb.db, first.config);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await testDb?.close();
    clients?.remove();
  });

  it('advertises the algorithms it signs with, and gives ES256 and EdDSA clients ID tokens of theirs that verify against the JWKS', async () => {
    const discovery = await (await fetch(`${first.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256', 'EdDSA']);
    const jwks = await jwksOf(first);
    expect(jwks.keys.map(({ alg, kty, crv, use }) => ({ alg, kty, crv, use }))).toEqual([
      { alg: 'RS256', kty: 'RSA', crv: undefined, use: 'sig' },
      { alg: 'ES256', kty: 'EC', crv: 'P-256', use: 'sig' },
      { alg: 'EdDSA', kty: 'OKP', crv: 'Ed25519', use: 'sig' },
    ]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/);

    const fast = await signInAt(second, FAST_SIGNER);
    expect(headerOf(fast.tokens.id_token!)).toMatchObject({ alg: 'ES256', kid: jwks.keys[1].kid });
    expect(await verifiesAt(first, fast.tokens.id_token!)).toBe(true);
    // Refreshed tokens keep the client's algorithm.
    expect(headerOf((await fast.rp.refresh(fast.tokens.refresh_token!)).id_token!).alg).toBe('ES256');

    const edwards = await signInAt(first, EDWARDS_SIGNER);
    expect(headerOf(edwards.tokens.id_token!)).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[2].kid });
    expect(await verifiesAt(second, edwards.tokens.id_token!)).toBe(true);

    const standard = await signInAt(first);
    expect(headerOf(standard.tokens.id_token!)).toMatchObject({ alg: 'RS256', kid: jwks.keys[0].kid });
  });

  it('publishes a rotated key on every instance before it signs, then signs with it there while tokens signed before still verify, refresh and sign out', async () => {
    const before = await signInAt(first);
    const oldKid = headerOf(before.tokens.id_token!).kid!;

    const [announced] = await keysCommand('rotate', '--alg', 'RS256');
    const newKid = /new key (\S+) is published now/.exec(announced)![1];
    for (const instance of [first, second]) await waitUntil(async () => (await kidsOf(instance)).includes(newKid));
    // Published, not signing yet.
    expect(headerOf((await signInAt(second)).tokens.id_token!).kid).toBe(oldKid);

    await elapseForSigningKeys(testDb.db, first.config.oidc.signingKeys.propagationSeconds);
    for (const instance of [first, second]) await waitUntil(async () => (await kidsOf(instance))[0] === newKid);
    const after = await signInAt(second);
    expect(headerOf(after.tokens.id_token!).kid).toBe(newKid);
    expect(headerOf((await signInAt(first)).tokens.id_token!).kid).toBe(newKid);

    // What the old key signed: still verifies on both, refreshes (with a token signed by the new key) and serves userinfo on the other instance.
    expect(await verifiesAt(first, before.tokens.id_token!)).toBe(true);
    expect(await verifiesAt(second, before.tokens.id_token!)).toBe(true);
    const onSecond = await relyingPartyAt(second);
    expect(await onSecond.userinfo(before.tokens.access_token, before.tokens.claims()!.sub)).toMatchObject({ preferred_username: 'alice' });
    const refreshed = await onSecond.refresh(before.tokens.refresh_token!);
    expect(headerOf(refreshed.id_token!).kid).toBe(newKid);
    // The browser's session was started on the first instance; the second asks to confirm the sign-out.
    const signOut = await before.browser.get(onSecond.endSessionUrl(before.tokens.id_token!, `${CLIENT_URL}/`));
    expect(signOut.status).toBe(200);
    expect(signOut.body).toContain('Sign out?');
  });

  it('removes a retired key from every instance once its retention is over, after which what it signed no longer verifies', async () => {
    const signed = await signInAt(first);
    const oldKid = headerOf(signed.tokens.id_token!).kid!;
    await keysCommand('rotate', '--alg', 'RS256', '--now');
    for (const instance of [first, second]) await waitUntil(async () => (await kidsOf(instance))[0] !== oldKid);
    expect(await verifiesAt(second, signed.tokens.id_token!)).toBe(true);

    await elapseForSigningKeys(testDb.db, RETIRED_KEY_RETENTION_SECONDS + 1);
    for (const instance of [first, second]) await waitUntil(async () => !(await kidsOf(instance)).includes(oldKid));
    expect(await verifiesAt(first, signed.tokens.id_token!)).toBe(false);
    expect(await verifiesAt(second, signed.tokens.id_token!)).toBe(false);
    // Its ID token is no longer a valid sign-out hint either.
    const onFirst = await relyingPartyAt(first);
    const signOut = await signed.browser.get(onFirst.endSessionUrl(signed.tokens.id_token!, `${CLIENT_URL}/`));
    expect(signOut.status).toBe(400);
    expect(signOut.body).toContain('could not validate id_token_hint');
  });

  it('refuses to retire the only active key of an algorithm', async () => {
    const active = (await operator.list()).find((key) => key.alg === 'ES256' && key.state === 'active')!.kid;
    expect(await keysCommand('retire', active)).toEqual([expect.stringMatching(new RegExp(`^${active} is the only active ES256 key`))]);
    expect(await kidsOf(first)).toContain(active);
  });
});
