import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import type { Database } from '../database/database.js';
import { DatabaseUnavailableError } from '../database/database.errors.js';
import { databaseAdapterFactory } from './database.adapter.js';
import { inOneRequest } from './request-rows.js';

/** A request at an endpoint that holds saves back until its end (the token endpoint). */
const HOLDING = { holdSaves: true };

/** The test database, with the statements run through it recorded. */
function recording(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    db: { ...db, kind: db.kind, query: (sql, params, options) => (statements.push(sql.trim().split(/\s+/)[0]), db.query(sql, params, options)) } as Database,
  };
}

describe('DatabaseAdapter', () => {
  let testDb: TestDatabase;
  let Adapter: ReturnType<typeof databaseAdapterFactory>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    Adapter = databaseAdapterFactory(testDb.db);
  });
  afterAll(() => testDb.close());

  it('finds what it stored by id, uid and user code, per model', async () => {
    const sessions = new Adapter('Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a' }, 60);
    await new Adapter('DeviceCode').upsert('d1', { userCode: 'ABCD-EFGH' }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'a' });
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1', accountId: 'a' });
    expect(await new Adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toEqual({ userCode: 'ABCD-EFGH' });
    expect(await new Adapter('AccessToken').find('s1')).toBeUndefined();
  });

  it('replaces the payload on a second upsert', async () => {
    const grants = new Adapter('Grant');
    await grants.upsert('g1', { accountId: 'a' }, 60);
    await grants.upsert('g1', { accountId: 'b' }, 60);
    expect(await grants.find('g1')).toEqual({ accountId: 'b' });
  });

  it('hides expired artifacts and keeps ones without expiry', async () => {
    const clients = new Adapter('Client');
    await clients.upsert('forever', { clientId: 'forever' });
    await testDb.db.query(
      `INSERT INTO oidc_models (model, id, payload, expires_at) VALUES ('Client', 'stale', '{}', now() - interval '1 second')`,
    );
    expect(await clients.find('forever')).toEqual({ clientId: 'forever' });
    expect(await clients.find('stale')).toBeUndefined();
  });

  it('consumes once: the second consume is refused as invalid_grant and find reports consumed', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g' }, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    await expect(codes.consume('c1')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('lets exactly one of many concurrent consumers win', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c2', { grantId: 'g' }, 60);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => codes.consume('c2')));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('revokes every artifact of a grant in that model, and destroys one', async () => {
    const tokens = new Adapter('RefreshToken');
    await tokens.upsert('r1', { grantId: 'g9' }, 60);
    await tokens.upsert('r2', { grantId: 'g9' }, 60);
    await tokens.upsert('r3', { grantId: 'other' }, 60);
    await tokens.revokeByGrantId('g9');
    expect(await tokens.find('r1')).toBeUndefined();
    expect(await tokens.find('r2')).toBeUndefined();
    await tokens.destroy('r3');
    expect(await tokens.find('r3')).toBeUndefined();
  });

  describe('within one provider request', () => {
    it('reads an artifact from the database once, however often the provider asks', async () => {
      await new Adapter('Interaction').upsert('i1', { uid: 'i1', returnTo: '/auth/i1' }, 60);
      const { db, statements } = recording(testDb.db);
      const interactions = new (databaseAdapterFactory(db))('Interaction');
      await inOneRequest(async () => {
        expect(await interactions.find('i1')).toEqual({ uid: 'i1', returnTo: '/auth/i1' });
        expect(await interactions.find('i1')).toEqual({ uid: 'i1', returnTo: '/auth/i1' });
      });
      expect(statements).toEqual(['SELECT']);
    });

    it('answers a read after a write with what was written, and after a destroy with nothing', async () => {
      const { db, statements } = recording(testDb.db);
      const sessions = new (databaseAdapterFactory(db))('Session');
      await inOneRequest(async () => {
        await sessions.upsert('s9', { uid: 'u9', accountId: 'a' }, 60);
        expect(await sessions.find('s9')).toEqual({ uid: 'u9', accountId: 'a' });
        await sessions.destroy('s9');
        expect(await sessions.find('s9')).toBeUndefined();
      });
      expect(statements).toEqual(['INSERT', 'DELETE']);
    });

    it("brings a token's grant and session along in the same statement, found or not", async () => {
      await new Adapter('Grant').upsert('g-rt', { accountId: 'a', clientId: 'c' }, 60);
      await new Adapter('Session').upsert('s-rt', { uid: 'u-rt', accountId: 'a' }, 60);
      await new Adapter('RefreshToken').upsert('rt1', { grantId: 'g-rt', sessionUid: 'u-rt', accountId: 'a' }, 60);
      await new Adapter('RefreshToken').upsert('rt2', { grantId: 'g-gone', sessionUid: 'u-gone', accountId: 'a' }, 60);
      const { db, statements } = recording(testDb.db);
      const Recorded = databaseAdapterFactory(db);
      await inOneRequest(async () => {
        expect(await new Recorded('RefreshToken').find('rt1')).toEqual({ grantId: 'g-rt', sessionUid: 'u-rt', accountId: 'a' });
        expect(await new Recorded('Grant').find('g-rt')).toEqual({ accountId: 'a', clientId: 'c' });
        expect(await new Recorded('Session').findByUid('u-rt')).toEqual({ uid: 'u-rt', accountId: 'a' });
        expect(await new Recorded('RefreshToken').find('rt2')).toMatchObject({ grantId: 'g-gone' });
        expect(await new Recorded('Grant').find('g-gone')).toBeUndefined();
        expect(await new Recorded('Session').findByUid('u-gone')).toBeUndefined();
      });
      expect(statements).toEqual(['WITH', 'WITH']);
    });

    it('finds a session by uid again after it was saved under a new id (regenerated)', async () => {
      const { db, statements } = recording(testDb.db);
      const sessions = new (databaseAdapterFactory(db))('Session');
      await inOneRequest(async () => {
        await sessions.upsert('s-old', { uid: 'u-same', accountId: 'a' }, 60);
        await sessions.destroy('s-old');
        await sessions.upsert('s-new', { uid: 'u-same', accountId: 'b' }, 60);
        expect(await sessions.findByUid('u-same')).toEqual({ uid: 'u-same', accountId: 'b' });
      });
      expect(statements).toEqual(['INSERT', 'DELETE', 'INSERT']);
    });

    it('writes consecutive saves in one statement, before the request is over', async () => {
      const { db, statements } = recording(testDb.db);
      const Recorded = databaseAdapterFactory(db);
      await inOneRequest(async () => {
        await new Recorded('AccessToken').upsert('at-batch', { grantId: 'g-batch' }, 60);
        await new Recorded('RefreshToken').upsert('rt-batch', { grantId: 'g-batch' }, 60);
        expect(statements).toEqual([]);
      }, HOLDING);
      expect(statements).toEqual(['INSERT']);
      expect(await new Adapter('AccessToken').find('at-batch')).toEqual({ grantId: 'g-batch' });
      expect(await new Adapter('RefreshToken').find('rt-batch')).toEqual({ grantId: 'g-batch' });
    });

    it('writes what it holds before anything else of the request reaches the database', async () => {
      const { db, statements } = recording(testDb.db);
      const Recorded = databaseAdapterFactory(db);
      await inOneRequest(async () => {
        await new Recorded('Grant').upsert('g-first', { accountId: 'a' }, 60);
        await new Recorded('Session').findByUid('someone-else');
        await new Recorded('Grant').upsert('g-second', { accountId: 'a' }, 60);
        await new Recorded('Grant').destroy('g-first');
      }, HOLDING);
      expect(statements).toEqual(['INSERT', 'SELECT', 'INSERT', 'DELETE']);
      expect(await new Adapter('Grant').find('g-second')).toEqual({ accountId: 'a' });
    });

    it('writes what it holds even when the request fails, and reports a failure to write', async () => {
      await expect(
        inOneRequest(async () => {
          await new Adapter('Session').upsert('s-failed', { uid: 'u-failed' }, 60);
          throw new Error('the page failed after the session was saved');
        }, HOLDING),
      ).rejects.toThrow('the page failed');
      expect(await new Adapter('Session').find('s-failed')).toEqual({ uid: 'u-failed' });

      const broken = databaseAdapterFactory({ ...testDb.db, kind: testDb.db.kind, query: () => Promise.reject(new DatabaseUnavailableError('stalled')) } as Database);
      await expect(inOneRequest(() => new broken('Session').upsert('s-lost', {}, 60), HOLDING)).rejects.toMatchObject({ error: 'temporarily_unavailable' });
    });

    it('writes each save at once where it does not hold saves (the browser endpoints)', async () => {
      const { db, statements } = recording(testDb.db);
      await inOneRequest(async () => {
        await new (databaseAdapterFactory(db))('Interaction').upsert('i-now', { uid: 'i-now' }, 60);
        expect(statements).toEqual(['INSERT']);
      });
    });

    it('knows a code it consumed is consumed', async () => {
      const codes = new Adapter('AuthorizationCode');
      await codes.upsert('c9', { grantId: 'g' }, 60);
      await inOneRequest(async () => {
        expect((await codes.find('c9'))?.consumed).toBeUndefined();
        await codes.consume('c9');
        expect((await codes.find('c9'))?.consumed).toEqual(expect.any(Number));
      });
    });

    it('gives each reader its own copy, so a change to one is not seen by the next', async () => {
      const grants = new Adapter('Grant');
      await grants.upsert('g7', { accountId: 'a', openid: { scope: 'openid' } }, 60);
      await inOneRequest(async () => {
        const first = (await grants.find('g7')) as { openid: { scope: string } };
        first.openid.scope = 'changed';
        expect(await grants.find('g7')).toEqual({ accountId: 'a', openid: { scope: 'openid' } });
      });
    });

    it('does not carry anything from one request to the next, nor outside a request', async () => {
      const tokens = new Adapter('AccessToken');
      await tokens.upsert('t1', { grantId: 'g' }, 60);
      await inOneRequest(() => tokens.find('t1'));
      await testDb.db.query(`DELETE FROM oidc_models WHERE model = 'AccessToken' AND id = 't1'`);
      expect(await inOneRequest(() => tokens.find('t1'))).toBeUndefined();
      expect(await tokens.find('t1')).toBeUndefined();
    });
  });

  it('marks the writes of short-lived artifacts relaxable, and no others', async () => {
    const durability: Record<string, string | undefined> = {};
    const db = { ...testDb.db, kind: testDb.db.kind, query: (sql: string, params?: readonly unknown[], options?: { durability?: string }) => {
      if (/^\s*INSERT/.test(sql)) durability[String(params?.[0])] = options?.durability;
      return testDb.db.query(sql, params);
    } } as Database;
    const Relaxable = databaseAdapterFactory(db);
    for (const model of ['AuthorizationCode', 'AccessToken', 'ClientCredentials', 'Interaction', 'Session', 'Grant', 'RefreshToken']) {
      await new Relaxable(model).upsert(`x-${model}`, {}, 60);
    }
    expect(durability).toEqual({
      AuthorizationCode: 'relaxable',
      AccessToken: 'relaxable',
      ClientCredentials: 'relaxable',
      Interaction: 'relaxable',
      Session: undefined,
      Grant: undefined,
      RefreshToken: undefined,
    });
  });
});
