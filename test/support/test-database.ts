import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/database/database.js';
import { migrate } from '../../src/database/migrations.js';
import { PgliteDatabase } from '../../src/database/pglite.database.js';
import { PostgresDatabase } from '../../src/database/postgres.database.js';
import { loadPgliteDump } from './pglite-dump.js';

export interface TestDatabase {
  db: Database;
  /** Opens another connection to the same data (a second instance, or one after a restart). PostgreSQL only. */
  reopen(): Database;
  close(): Promise<void>;
}

/** The database the e2e suites run on: PostgreSQL when DATABASE_URL is set (CI), else PGlite. */
export const testDatabaseUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

/**
 * A migrated, empty database of its own for one test file: a fresh schema on PostgreSQL (dropped at the
 * end), or an in-memory PGlite loaded from the migrated dump made in global setup.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  if (!url) {
    const db = await PgliteDatabase.open({ loadDataDir: await loadPgliteDump() });
    return {
      db,
      reopen: () => {
        throw new Error('PGlite has one connection per data folder; reuse `db` instead');
      },
      close: () => db.close(),
    };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new PostgresDatabase(url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const opened: Database[] = [];
  const reopen = () => {
    const db = new PostgresDatabase(url, { searchPath: schema });
    opened.push(db);
    return db;
  };
  const db = reopen();
  await migrate(db);
  return {
    db,
    reopen,
    close: async () => {
      await Promise.all(opened.map((connection) => connection.close().catch(() => undefined)));
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}
