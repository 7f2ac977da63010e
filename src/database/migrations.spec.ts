import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { MIGRATIONS, migrate } from './migrations.js';

describe(migrate.name, () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.close());

  it('records every migration once and applies nothing the second time', async () => {
    const rows = await testDb.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(await migrate(testDb.db)).toEqual([]);
  });

  it('makes usernames unique regardless of case', async () => {
    const insert = (id: string, username: string) =>
      testDb.db.query(`INSERT INTO users (id, username, display_name, password_hash) VALUES ($1, $2, $2, 'x')`, [id, username]);
    await insert('00000000-0000-4000-8000-000000000001', 'Carol');
    await expect(insert('00000000-0000-4000-8000-000000000002', 'carol')).rejects.toThrow(/unique/);
  });

  it('moves sign-ins in flight from login_states to the kernel and MFA tables, and drops the users foreign key', async () => {
    const fresh = await createTestDatabase({ migrated: false });
    try {
      await migrate(fresh.db, { upTo: 3 });
      const userId = '00000000-0000-4000-8000-0000000000aa';
      await fresh.db.query(`INSERT INTO users (id, username, display_name, password_hash) VALUES ($1, 'inflight', 'In Flight', 'x')`, [userId]);
      await fresh.db.query(
        `INSERT INTO login_states (interaction_uid, account_id, step, amr, challenge_key, challenge_url, browser_binding, expires_at)
         VALUES ('uid-1', $1, 'mfa', '{pwd}', 'key-1', 'https://authsignal.test/c', 'digest-1', now() + interval '1 hour')`,
        [userId],
      );
      expect(await migrate(fresh.db, { upTo: 4 })).toEqual([4]);
      expect(await fresh.db.query('SELECT interaction_uid, account_id, amr, browser_binding FROM sign_in_progress')).toEqual([
        { interaction_uid: 'uid-1', account_id: userId, amr: ['pwd'], browser_binding: 'digest-1' },
      ]);
      expect(await fresh.db.query('SELECT interaction_uid, idempotency_key, url FROM mfa_challenges')).toEqual([
        { interaction_uid: 'uid-1', idempotency_key: 'key-1', url: 'https://authsignal.test/c' },
      ]);
      // Progress of an account that is not in our users table (another user store's id) is fine now.
      await fresh.db.query(`INSERT INTO sign_in_progress (interaction_uid, account_id, amr, browser_binding, expires_at) VALUES ('uid-2', 'emp-000123', '{pwd}', 'd', now())`);
    } finally {
      await fresh.close();
    }
  });
});
