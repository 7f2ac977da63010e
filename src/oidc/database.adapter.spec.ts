import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { databaseAdapterFactory } from './database.adapter.js';

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
});
