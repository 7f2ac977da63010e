import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { ExpiredRowsSweeper } from './expired-rows.sweeper.js';

describe(ExpiredRowsSweeper.name, () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.close());

  const count = async (table: string) => (await testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('deletes expired rows of every expiring table and keeps live and never-expiring ones', async () => {
    const { db } = testDb;
    await db.query(`INSERT INTO oidc_models (model, id, payload, expires_at) SELECT 'Session', 'old-' || i, '{}', now() - interval '1 minute' FROM generate_series(1, 1500) AS i`);
    await db.query(`INSERT INTO oidc_models (model, id, payload, expires_at) VALUES ('Session', 'live', '{}', now() + interval '1 hour'), ('Client', 'forever', '{}', NULL)`);
    await db.query(`INSERT INTO sign_in_progress (interaction_uid, account_id, amr, browser_binding, expires_at) VALUES
      ('old', 'emp-1', '{pwd}', 'digest', now() - interval '1 second'),
      ('live', 'emp-1', '{pwd}', 'digest', now() + interval '1 hour')`);
    await db.query(`INSERT INTO mfa_challenges (interaction_uid, idempotency_key, url, expires_at) VALUES
      ('old', 'k1', 'https://x/', now() - interval '1 second'),
      ('live', 'k2', 'https://x/', now() + interval '1 hour')`);
    await db.query(`INSERT INTO rate_limit_counters (key, hits, expires_at) VALUES ('old', 3, now() - interval '1 second'), ('live', 3, now() + interval '1 hour')`);

    // More than one batch of oidc_models, so the loop over batches is exercised.
    expect(await new ExpiredRowsSweeper(db).sweep()).toBe(1503);
    expect(await count('oidc_models')).toBe(2);
    expect(await count('sign_in_progress')).toBe(1);
    expect(await count('mfa_challenges')).toBe(1);
    expect(await count('rate_limit_counters')).toBe(1);
    expect(await new ExpiredRowsSweeper(db).sweep()).toBe(0);
  });
});
