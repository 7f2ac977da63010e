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
});
