import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { createIdentityServer } from '../../src/identity-server.js';
import type { Database } from '../../src/database/database.js';
import { migrate } from '../../src/database/migrations.js';
import { PgliteDatabase } from '../../src/database/pglite.database.js';
import { PostgresDatabase } from '../../src/database/postgres.database.js';
import { ARGON2_PARAMETERS } from '../../src/users/password-hasher.js';
import { childConfig, heapFigures, processUsage, serveParent } from '../lib/child-process.js';
import { cpuProfilerHandlers } from '../lib/profiler.js';
import { CountingDatabase } from './counting-database.js';
import { BENCH_PASSWORD, benchUser, ES256_WEB_CLIENT, MACHINE_CLIENT, USER_RANGES } from './bench-fixtures.js';
import { benchIdentityServerConfig } from './identity-server-config.js';

export interface IdentityServerChildConfig {
  port: number;
  databaseUrl?: string;
  /** `DATABASE_RELAXED_COMMITS` (PostgreSQL only). */
  relaxedCommits?: boolean;
  authsignalApiUrl?: string;
}

/**
 * The identity server as `npm start` builds it (createIdentityServer), in a process of its own, on a
 * fresh database: an in-memory PGlite, or a new schema of DATABASE_URL dropped at exit.
 */
async function main(): Promise<void> {
  const settings = childConfig<IdentityServerChildConfig>();
  const { db: database, drop } = await openBenchDatabase(settings.databaseUrl, settings.relaxedCommits ?? false);
  await insertUsers(database);
  const db = new CountingDatabase(database);

  const workDir = mkdtempSync(join(tmpdir(), 'identity-bench-'));
  const clientsFile = join(workDir, 'clients.json');
  writeFileSync(
    clientsFile,
    JSON.stringify([
      { client_id: MACHINE_CLIENT.clientId, client_secret: MACHINE_CLIENT.clientSecret, grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' },
      {
        client_id: ES256_WEB_CLIENT.clientId,
        client_secret: ES256_WEB_CLIENT.clientSecret,
        redirect_uris: [ES256_WEB_CLIENT.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        first_party: true,
        id_token_signed_response_alg: ES256_WEB_CLIENT.idTokenSignedResponseAlg,
      },
    ]),
  );
  const issuer = `http://localhost:${settings.port}`;
  const config = benchIdentityServerConfig(settings.port, { clientsFile, authsignalApiUrl: settings.authsignalApiUrl });
  const app = await createIdentityServer(config, { database: db });
  await app.listen(settings.port, '127.0.0.1');

  serveParent(
    { issuer, database: settings.relaxedCommits && db.kind === 'postgres' ? 'postgres, relaxed commits' : db.kind },
    {
      // With PGlite, also its thread's busy and idle time: whether the embedded database bounds a workload.
      usage: () => ({ ...processUsage(), databaseThread: database instanceof PgliteDatabase ? database.threadTime() : undefined }),
      gc: () => {
        globalThis.gc?.();
        return { ...processUsage(), heap: heapFigures() };
      },
      storage: () => storageByModel(database),
      'sql-counts': () => db.take(),
      ...cpuProfilerHandlers(),
    },
    async () => {
      await app.close();
      await drop();
      rmSync(workDir, { recursive: true, force: true });
    },
  );
}

async function openBenchDatabase(url: string | undefined, relaxedCommits: boolean): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (!url) {
    const db = await PgliteDatabase.open({});
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new PostgresDatabase(url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = new PostgresDatabase(url, { searchPath: schema, relaxedCommits });
  await migrate(db);
  return {
    db,
    drop: async () => {
      await db.close().catch(() => undefined);
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/**
 * Every bench user shares one argon2id hash at the production parameters, inserted directly: hashing
 * thousands of passwords one by one would take minutes and measure nothing the bench reports.
 */
async function insertUsers(db: Database): Promise<void> {
  const passwordHash = await hash(BENCH_PASSWORD.normalize('NFKC'), ARGON2_PARAMETERS);
  const indexes = Object.values(USER_RANGES).flatMap(({ from, count }) => Array.from({ length: count }, (_, offset) => from + offset));
  for (let start = 0; start < indexes.length; start += 500) {
    const batch = indexes.slice(start, start + 500).map(benchUser);
    const values = batch.map((_, row) => `($${row * 4 + 1}, $${row * 4 + 2}, $${row * 4 + 3}, $${row * 4 + 4}, true, $${batch.length * 4 + 1})`);
    await db.query(
      `INSERT INTO users (id, username, display_name, email, email_verified, password_hash) VALUES ${values.join(', ')}`,
      [...batch.flatMap((user) => [user.id, user.username, `Bench user ${user.username}`, user.email]), passwordHash],
    );
  }
}

/** Stored bytes per provider model (sessions, grants, tokens…), as PostgreSQL counts a row's size. */
async function storageByModel(db: Database) {
  const models = await db.query<{ model: string; rows: number; bytes: number }>(
    `SELECT model, count(*)::int AS rows, sum(pg_column_size(m.*))::float8 AS bytes FROM oidc_models m GROUP BY model ORDER BY model`,
  );
  return models;
}

main().catch((error: unknown) => {
  console.error('identity server (bench) failed to start:', error);
  process.exit(1);
});
