import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MIGRATIONS, migrate } from '../../src/database/migrations.js';
import { PgliteDatabase } from '../../src/database/pglite.database.js';

/**
 * A freshly migrated PGlite data folder, as a tarball named by the migrations' hash. Creating a PGlite
 * from scratch takes ~10 s; loading this dump takes ~1–2 s, so every test file gets its own database.
 * (Built lazily rather than in Jest's globalSetup, which Jest loads as CommonJS and cannot import ESM.)
 */
const DUMP_PATH = join(
  tmpdir(),
  `identity-server-pglite-${createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 16)}.tar`,
);
const LOCK_PATH = `${DUMP_PATH}.lock`;
const STALE_LOCK_MS = 120_000;

export async function loadPgliteDump(): Promise<Blob> {
  const deadline = Date.now() + STALE_LOCK_MS;
  while (!existsSync(DUMP_PATH)) {
    if (tryLock()) {
      try {
        await buildDump();
      } finally {
        rmSync(LOCK_PATH, { force: true });
      }
    } else if (Date.now() > deadline) {
      rmSync(LOCK_PATH, { force: true }); // a worker died while building it
    } else {
      await sleep(200);
    }
  }
  return new Blob([readFileSync(DUMP_PATH)]);
}

function tryLock(): boolean {
  try {
    closeSync(openSync(LOCK_PATH, 'wx'));
    return true;
  } catch {
    return false;
  }
}

async function buildDump(): Promise<void> {
  const db = await PgliteDatabase.open({});
  await migrate(db);
  const dump = await db.dump();
  await db.close();
  const partial = `${DUMP_PATH}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, DUMP_PATH);
}
