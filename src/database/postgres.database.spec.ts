import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PgliteDatabase } from './pglite.database.js';
import { PostgresDatabase } from './postgres.database.js';

/** The PostgreSQL tier (`npm run test:database`) runs the tests that need a server; PGlite's run everywhere. */
const url = process.env.DATABASE_URL || undefined;

describe(PgliteDatabase.name, () => {
  it('takes a relaxable write as an ordinary one (PGlite has no commit setting to relax)', async () => {
    const db = await PgliteDatabase.open({});
    await db.exec('CREATE TABLE notes (body text)');
    await db.query('INSERT INTO notes VALUES ($1)', ['kept'], { durability: 'relaxable' });
    expect(await db.query('SELECT body FROM notes')).toEqual([{ body: 'kept' }]);
    await db.close();
  });
});

if (url) {
  describe(PostgresDatabase.name, () => {
    const schema = `spec_pg_${randomBytes(6).toString('hex')}`;
    const admin = new PostgresDatabase(url, { max: 1 });
    const open = (options: { relaxedCommits?: boolean } = {}) => new PostgresDatabase(url, { searchPath: schema, max: 1, ...options });
    beforeAll(() => admin.exec(`CREATE SCHEMA ${schema}`));
    afterAll(async () => {
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    });

    it('prepares a statement once per connection, by a name derived from its text', async () => {
      const db = open();
      await db.query('SELECT $1::int + 1 AS answer', [41]);
      expect(await db.query('SELECT $1::int + 1 AS answer', [1])).toEqual([{ answer: 2 }]);
      const prepared = await db.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
      expect(prepared.filter((row) => row.statement === 'SELECT $1::int + 1 AS answer')).toEqual([{ name: expect.stringMatching(/^s_/), statement: 'SELECT $1::int + 1 AS answer' }]);
      await db.close();
    });

    it('keeps answering a `SELECT *` prepared before another instance changed the table', async () => {
      const db = open();
      await db.exec('CREATE TABLE widgets (id int)');
      await db.query('INSERT INTO widgets VALUES (1)');
      expect(await db.query('SELECT * FROM widgets')).toEqual([{ id: 1 }]);
      await admin.exec(`ALTER TABLE ${schema}.widgets ADD COLUMN name text`);
      expect(await db.query('SELECT * FROM widgets')).toEqual([{ id: 1, name: null }]);
      expect(await db.query('SELECT * FROM widgets')).toEqual([{ id: 1, name: null }]);
      await db.close();
    });

    it('commits relaxable writes without waiting for the disk only when the operator allowed it', async () => {
      const setting = async (db: PostgresDatabase, relaxable: boolean) =>
        (await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit', [], relaxable ? { durability: 'relaxable' } : {}))[0].synchronous_commit;
      const relaxed = open({ relaxedCommits: true });
      expect(await setting(relaxed, true)).toBe('off');
      expect(await setting(relaxed, false)).toBe('on');
      await relaxed.close();
      const strict = open();
      expect(await setting(strict, true)).toBe('on');
      await strict.close();
    });
  });
}
