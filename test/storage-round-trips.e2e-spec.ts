import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../src/database/database.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { HttpBrowser } from './support/http-browser.js';
import { type RunningIdentityServer, startIdentityServer } from './support/identity-server.js';
import { RelyingParty } from './support/relying-party.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5998';
const REDIRECT_URI = `${CLIENT_URL}/callback`;

/** The database, with the first word of every statement on the provider's storage recorded. */
function recordingProviderStatements(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const query: Database['query'] = (sql, params, options) => {
    if (sql.includes('oidc_models')) statements.push(sql.trim().split(/\s+/)[0]);
    return db.query(sql, params, options);
  };
  const recorded = new Proxy(db, {
    get: (target, property) => {
      if (property === 'query') return query;
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: recorded, statements };
}

/**
 * What one request of the provider asks of its storage: each artifact read once, a token read with its
 * grant and session in one statement, the token endpoint's writes together. Reads are spared in every
 * provider request, including those no scope of ours covers (userinfo), through the provider's own
 * request context.
 */
describe(`Storage round trips per provider request (${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'})`, () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;
  let statements: string[];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const recording = recordingProviderStatements(testDb.db);
    statements = recording.statements;
    idp = await startIdentityServer(recording.db, { CLIENT_APP_URL: CLIENT_URL });
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
  });

  /** The statements on the provider's storage that `work` caused. */
  async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
    statements.length = 0;
    await work();
    return [...statements];
  }

  it('exchanges a code, answers userinfo and refreshes with one read each, and writes a grant’s tokens together', async () => {
    const signIn = await rp.signIn(new HttpBrowser(), { username: 'alice', password: DEMO_PASSWORD });

    let tokens!: Awaited<ReturnType<RelyingParty['redeem']>>;
    // The code with its grant and session, its consumption, the access and refresh tokens in one insert.
    expect(await statementsOf(async () => (tokens = await rp.redeem(signIn.callbackUrl, signIn)))).toEqual(['WITH', 'UPDATE', 'INSERT']);

    // The access token with its grant and session: one statement where three reads would be.
    const sub = tokens.claims()!.sub;
    expect(await statementsOf(() => rp.userinfo(tokens.access_token, sub))).toEqual(['WITH']);

    let refreshed!: Awaited<ReturnType<RelyingParty['refresh']>>;
    expect(await statementsOf(async () => (refreshed = await rp.refresh(tokens.refresh_token!)))).toEqual(['WITH', 'UPDATE', 'INSERT']);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  });

  it('reads nothing for the discovery document and the keys', async () => {
    expect(
      await statementsOf(async () => {
        await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
        await (await fetch(`${idp.issuer}/jwks`)).json();
      }),
    ).toEqual([]);
  });
});
