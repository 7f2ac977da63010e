import type { AppConfig } from '../config/app-config.js';
import type { Database } from './database.js';
import { migrate } from './migrations.js';
import { PgliteDatabase } from './pglite.database.js';
import { PostgresDatabase } from './postgres.database.js';

/** PostgreSQL when `DATABASE_URL` is set, embedded PGlite otherwise; migrated before it is handed out. */
export async function openDatabase(config: AppConfig['database']): Promise<Database> {
  const { timeouts } = config;
  const db = config.url
    ? new PostgresDatabase(config.url, { timeouts, max: config.poolSize, relaxedCommits: config.relaxedCommits })
    : await PgliteDatabase.open({ dataDir: config.pgliteDataDir, timeouts });
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new Error(`Cannot prepare the database (${config.url ? 'PostgreSQL' : config.pgliteDataDir})`, { cause: error });
  }
  return db;
}
