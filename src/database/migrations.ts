import type { Database } from './database.js';
import { initialSchema } from './migrations/0001-initial-schema.js';
import { authsignalChallenges } from './migrations/0002-authsignal-challenges.js';
import { browserBinding } from './migrations/0003-browser-binding.js';
import { stepsOwnTheirState } from './migrations/0004-steps-own-their-state.js';
import { signingKeyRotation } from './migrations/0007-signing-key-rotation.js';
import { emailCodeChallenges } from './migrations/0008-email-code-challenges.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Migrations of one application, recorded in a ledger table of its own under an advisory lock of its own. */
export interface MigrationSet {
  ledger: string;
  lockId: number;
  migrations: readonly Migration[];
}

/** Applied in order, each once. Append new ones; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial-schema', sql: initialSchema },
  { version: 2, name: 'authsignal-challenges', sql: authsignalChallenges },
  { version: 3, name: 'browser-binding', sql: browserBinding },
  { version: 4, name: 'steps-own-their-state', sql: stepsOwnTheirState },
  { version: 7, name: 'signing-key-rotation', sql: signingKeyRotation },
  { version: 8, name: 'email-code-challenges', sql: emailCodeChallenges },
];

/** Any constant shared by every instance: the advisory lock that lets one instance migrate at a time. */
const MIGRATION_LOCK_ID = 8_113_701;

/**
 * Brings the schema up to date in one transaction under an advisory lock, so instances starting
 * together neither race nor see a half-migrated schema. Returns the versions it applied. `upTo` stops
 * at a version (to test a migration against the data of the one before).
 */
export function migrate(db: Database, options: { upTo?: number } = {}): Promise<number[]> {
  return applyMigrations(db, { ledger: 'schema_migrations', lockId: MIGRATION_LOCK_ID, migrations: MIGRATIONS }, options);
}

/** `migrate` for any application's set (the client app keeps its sessions with its own). */
export async function applyMigrations(db: Database, set: MigrationSet, options: { upTo?: number } = {}): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [set.lockId]);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${set.ledger} (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set((await tx.query<{ version: number }>(`SELECT version FROM ${set.ledger}`)).map((row) => row.version));
    const pending = set.migrations.filter((migration) => !applied.has(migration.version) && migration.version <= (options.upTo ?? Infinity));
    for (const migration of pending) {
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query(`INSERT INTO ${set.ledger} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
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
