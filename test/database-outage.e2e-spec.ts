import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../src/database/database.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { HttpBrowser } from './support/http-browser.js';
import { type RunningIdentityServer, startIdentityServer, TEST_CLIENT_SECRET } from './support/identity-server.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';
import { type StallingProxy, startStallingProxy } from './support/stalling-proxy.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const TIMEOUTS = { connectMs: 1_000, queryMs: 1_000 };
/** What a request may take when the database stalls: its timeouts, plus room for a loaded machine. */
const BOUND_MS = 4_000;
const alice = { username: 'alice', password: DEMO_PASSWORD };

/**
 * The database stops answering while connections stay open (a partition, a hung server): every request
 * fails within a bound, with the outage page or a 503 body, nobody is signed in, and the server recovers
 * by itself. On PostgreSQL the bytes stop in a proxy; on PGlite, whose one connection serialises
 * everything, a transaction that never ends holds the database.
 */
describe(`Database outage (${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'})`, () => {
  let testDb: TestDatabase;
  let proxy: StallingProxy | undefined;
  let db: Database;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;
  let releaseStall: (() => void) | undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase({ timeouts: TIMEOUTS });
    if (testDatabaseUrl()) {
      const { hostname, port } = new URL(testDatabaseUrl()!);
      proxy = await startStallingProxy({ host: hostname, port: Number(port || 5432) });
      db = testDb.reopen({ address: proxy.address, timeouts: TIMEOUTS, applicationName: `outage-test-${process.pid}` });
    } else {
      db = testDb.db;
    }
    idp = await startIdentityServer(db, { CLIENT_APP_URL: CLIENT_URL });
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
  });
  afterAll(async () => {
    releaseStall?.();
    await idp?.close();
    await testDb?.close();
    await proxy?.close();
  });

  function stall(): void {
    if (proxy) return proxy.stall();
    void testDb.db.transaction(() => new Promise<void>((resolve) => (releaseStall = resolve))).catch(() => undefined);
  }

  function recover(): void {
    proxy?.recover();
    releaseStall?.();
    releaseStall = undefined;
  }

  async function timed<T>(work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const result = await work();
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    return result;
  }

  it('answers every step within a bound with the outage page or a 503, signs nobody in, and recovers', async () => {
    const browser = new HttpBrowser();
    const startedBefore = await browser.get((await rp.authorization()).url);
    expect(startedBefore.body).toContain('Sign in');

    stall();
    try {
      const ready = await timed(() => fetch(`${idp.issuer}/ready`));
      expect(ready.status).toBe(503);

      // The password step of a sign-in started before: the outage page, not "this sign-in has expired".
      const password = await timed(() => submitLogin(browser, startedBefore, alice, REDIRECT_URI));
      expect(password.status).toBe(503);
      expect(password.body).toContain('Sign-in is temporarily unavailable');
      expect(password.headers.get('content-security-policy')).toContain("default-src 'self'");

      // A new authorization request: RFC 6749's temporarily_unavailable, back to the client.
      const request = await rp.authorization();
      const redirected = await timed(() => new HttpBrowser().get(request.url, { stopAt: REDIRECT_URI }));
      expect(new URL(redirected.url).searchParams.get('error')).toBe('temporarily_unavailable');

      const token = await timed(() =>
        fetch(`${idp.issuer}/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`client-app:${TEST_CLIENT_SECRET}`).toString('base64')}`,
          },
          body: 'grant_type=refresh_token&refresh_token=whatever',
        }),
      );
      expect(token.status).toBe(503);
      expect(await token.json()).toMatchObject({ error: 'temporarily_unavailable' });
    } finally {
      recover();
    }

    // Back by itself: the same kind of browser signs in from scratch.
    for (let attempt = 0; attempt < 20 && (await fetch(`${idp.issuer}/ready`)).status !== 200; attempt++) await new Promise((resolve) => setTimeout(resolve, 250));
    const signIn = await rp.signIn(new HttpBrowser(), alice);
    expect((await rp.redeem(signIn.callbackUrl, signIn)).claims()).toMatchObject({ preferred_username: 'alice' });
  });

  // Only PostgreSQL has connections a server can end; PGlite runs inside the process.
  if (testDatabaseUrl()) it('survives its connections being terminated by the server: no 500, no failed sign-in', async () => {
    // Warm the pool, then end every connection of this server's pool from the server side.
    await Promise.all(Array.from({ length: 5 }, () => fetch(`${idp.issuer}/ready`)));
    const admin = testDb.reopen({ applicationName: `outage-admin-${process.pid}` });
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`outage-test-${process.pid}`]);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => fetch(`${idp.issuer}/ready`).then((response) => response.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const signIn = await rp.signIn(new HttpBrowser(), alice);
    expect((await rp.redeem(signIn.callbackUrl, signIn)).claims()).toMatchObject({ preferred_username: 'alice' });
  });
});
