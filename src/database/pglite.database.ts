import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { withTimeout } from '../common/with-timeout.js';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../config/app-config.js';
import type { Database, QueryOptions, Queryable } from './database.js';
import { DatabaseUnavailableError } from './database.errors.js';

export interface PgliteOptions {
  dataDir?: string;
  loadDataDir?: Blob | File;
  timeouts?: DatabaseTimeouts;
}

/**
 * Embedded PostgreSQL (WASM) in a data folder: the zero-setup default. One process per folder.
 *
 * PGlite has one connection: a statement waits until the one before it, or an open transaction, is
 * done. The timeout bounds that wait too, so a stuck transaction fails the requests queued behind it
 * with an outage page. A statement given up on still runs when its turn comes; none of ours depends
 * on the caller seeing its result (each is a single idempotent write or a read).
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite';

  private constructor(
    private readonly pglite: PGlite,
    private readonly timeouts: DatabaseTimeouts,
  ) {}

  /** Opens (creating if needed) a data folder, or an in-memory database seeded from a dump for tests. */
  static async open(options: PgliteOptions): Promise<PgliteDatabase> {
    if (options.dataDir && !options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
    const pglite = await PGlite.create(options.dataDir ?? 'memory://', { loadDataDir: options.loadDataDir });
    return new PgliteDatabase(pglite, options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS);
  }

  /** `options.durability` changes nothing here: PGlite has no commit setting to relax. */
  async query<Row>(sql: string, params: readonly unknown[] = [], _options?: QueryOptions): Promise<Row[]> {
    return (await this.bounded('query', this.pglite.query<Row>(sql, params as unknown[]))).rows;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.bounded(
      'transaction',
      this.pglite.transaction((tx) =>
        work({ query: async <Row>(sql: string, params: readonly unknown[] = []) => (await tx.query<Row>(sql, params as unknown[])).rows }),
      ),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.bounded('exec', this.pglite.exec(sql));
  }

  /** A tarball of the data folder, to seed other instances quickly (tests). */
  async dump(): Promise<Blob | File> {
    return this.pglite.dumpDataDir('none');
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }

  /** Embedded, PGlite has no network to fail: its outages are a closed database and a wait past the timeout. Its other errors are SQL errors, left as they are. */
  private bounded<T>(operation: string, work: Promise<T>): Promise<T> {
    if (this.pglite.closed) return Promise.reject(new DatabaseUnavailableError(`${operation}: the database is closed`));
    return withTimeout(work, this.timeouts.queryMs, () => new DatabaseUnavailableError(`${operation}: no answer within ${this.timeouts.queryMs} ms`));
  }
}
