import { randomBytes } from 'node:crypto';
import type { DatabaseTimeouts } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { migrate } from '../../src/database/migrations.js';
import { PgliteDatabase } from '../../src/database/pglite.database.js';
import { PostgresDatabase } from '../../src/database/postgres.database.js';
import { loadPgliteDump } from './pglite-dump.js';

export interface TestDatabase {
  db: Database;
  /**
   * Opens another connection to the same data (a second instance, or one after a restart), optionally
   * through another address (a proxy) and under another application name. PostgreSQL only.
   */
  reopen(options?: ReopenOptions): Database;
  close(): Promise<void>;
}

export interface ReopenOptions {
  /** `host:port` to connect through instead of the server's own. */
  address?: string;
  timeouts?: DatabaseTimeouts;
  applicationName?: string;
}

/** The database the e2e suites run on: PostgreSQL when DATABASE_URL is set (CI), else PGlite. */
export const testDatabaseUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

/**
 * A migrated, empty database of its own for one test file: a fresh schema on PostgreSQL (dropped at the
 * end), or an in-memory PGlite loaded from the migrated dump made in global setup. With `migrated: false`,
 * a database without any table, for migration tests.
 */
export async function createTestDatabase(options: { timeouts?: DatabaseTimeouts; migrated?: boolean } = {}): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  const migrated = options.migrated ?? true;
  if (!url) {
    // An unmigrated PGlite is created from scratch (seconds); a migrated one loads the shared dump.
    const db = await PgliteDatabase.open({ loadDataDir: migrated ? await loadPgliteDump() : undefined, timeouts: options.timeouts });
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
  const reopen = (reopened: ReopenOptions = {}) => {
    const target = new URL(url);
    if (reopened.address) target.host = reopened.address;
    const db = new PostgresDatabase(target.toString(), {
      searchPath: schema,
      timeouts: reopened.timeouts ?? options.timeouts,
      applicationName: reopened.applicationName,
    });
    opened.push(db);
    return db;
  };
  const db = reopen();
  if (migrated) await migrate(db);
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
