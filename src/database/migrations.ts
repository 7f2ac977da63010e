import type { Database } from './database.js';
import { initialSchema } from './migrations/0001-initial-schema.js';
import { authsignalChallenges } from './migrations/0002-authsignal-challenges.js';
import { browserBinding } from './migrations/0003-browser-binding.js';
import { stepsOwnTheirState } from './migrations/0004-steps-own-their-state.js';
import { signingKeyRotation } from './migrations/0007-signing-key-rotation.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order, each once. Append new ones; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial-schema', sql: initialSchema },
  { version: 2, name: 'authsignal-challenges', sql: authsignalChallenges },
  { version: 3, name: 'browser-binding', sql: browserBinding },
  { version: 4, name: 'steps-own-their-state', sql: stepsOwnTheirState },
  { version: 7, name: 'signing-key-rotation', sql: signingKeyRotation },
];

/** Any constant shared by every instance: the advisory lock that lets one instance migrate at a time. */
const MIGRATION_LOCK_ID = 8_113_701;

/**
 * Brings the schema up to date in one transaction under an advisory lock, so instances starting
 * together neither race nor see a half-migrated schema. Returns the versions it applied. `upTo` stops
 * at a version (to test a migration against the data of the one before).
 */
export async function migrate(db: Database, options: { upTo?: number } = {}): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => row.version),
    );
    const pending = MIGRATIONS.filter((migration) => !applied.has(migration.version) && migration.version <= (options.upTo ?? Infinity));
    for (const migration of pending) {
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return pending.map((migration) => migration.version);
  });
}

/** Our migrations hold plain DDL (no functions with `;` inside), so splitting on `;` at line ends is safe. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
