import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { Database } from './database.js';
import { PgliteDatabase } from './pglite.database.js';
import { PostgresDatabase } from './postgres.database.js';

/** PostgreSQL in the database tier (`npm run test:database`, DATABASE_URL set), PGlite everywhere else. */
const url = process.env.DATABASE_URL || undefined;

describe(`Database (${url ? 'PostgreSQL' : 'PGlite'})`, () => {
  const schema = `spec_db_${randomBytes(6).toString('hex')}`;
  const admin = url ? new PostgresDatabase(url, { max: 1 }) : undefined;
  const opened: Database[] = [];
  /** A database of the tier's kind; on PostgreSQL, one connection, so its prepared statements can be seen. */
  const open = async (options: { relaxedCommits?: boolean } = {}): Promise<Database> => {
    const db = url ? new PostgresDatabase(url, { searchPath: schema, max: 1, ...options }) : await PgliteDatabase.open({});
    opened.push(db);
    return db;
  };
  beforeAll(async () => void (await admin?.exec(`CREATE SCHEMA ${schema}`)));
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    await admin?.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin?.close();
  });

  it('commits a relaxable write like any other, readable at once', async () => {
    const db = await open({ relaxedCommits: true });
    await db.exec('CREATE TABLE notes (body text)');
    await db.query('INSERT INTO notes VALUES ($1)', ['kept'], { durability: 'relaxable' });
    expect(await db.query('SELECT body FROM notes')).toEqual([{ body: 'kept' }]);
  });

  it('keeps answering a `SELECT *` after the table changed under it (another instance migrated)', async () => {
    const db = await open();
    await db.exec('CREATE TABLE widgets (id int)');
    await db.query('INSERT INTO widgets VALUES (1)');
    expect(await db.query('SELECT * FROM widgets')).toEqual([{ id: 1 }]);
    await (admin ?? db).exec(`ALTER TABLE ${admin ? `${schema}.` : ''}widgets ADD COLUMN name text`);
    expect(await db.query('SELECT * FROM widgets')).toEqual([{ id: 1, name: null }]);
    expect(await db.query('SELECT * FROM widgets')).toEqual([{ id: 1, name: null }]);
  });

  if (url) {
    it('prepares a statement once per connection, by a name derived from its text', async () => {
      const db = await open();
      await db.query('SELECT $1::int + 1 AS answer', [41]);
      expect(await db.query('SELECT $1::int + 1 AS answer', [1])).toEqual([{ answer: 2 }]);
      const prepared = await db.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
      expect(prepared.filter((row) => row.statement === 'SELECT $1::int + 1 AS answer')).toEqual([{ name: expect.stringMatching(/^s_/), statement: 'SELECT $1::int + 1 AS answer' }]);
    });

    it('commits relaxable writes without waiting for the disk only when the operator allowed it', async () => {
      const setting = async (db: Database, relaxable: boolean) =>
        (await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit', [], relaxable ? { durability: 'relaxable' } : {}))[0].synchronous_commit;
      const relaxed = await open({ relaxedCommits: true });
      expect(await setting(relaxed, true)).toBe('off');
      expect(await setting(relaxed, false)).toBe('on');
      expect(await setting(await open(), true)).toBe('on');
    });
  }
});
