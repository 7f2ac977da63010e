import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import type { Database, Queryable } from './database.js';

/** Embedded PostgreSQL (WASM) in a data folder: the zero-setup default. One process per folder. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite';

  private constructor(private readonly pglite: PGlite) {}

  /** Opens (creating if needed) a data folder, or an in-memory database seeded from a dump for tests. */
  static async open(options: { dataDir?: string; loadDataDir?: Blob | File }): Promise<PgliteDatabase> {
    if (options.dataDir && !options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
    const pglite = await PGlite.create(options.dataDir ?? 'memory://', { loadDataDir: options.loadDataDir });
    return new PgliteDatabase(pglite);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pglite.query<Row>(sql, params as unknown[]);
    return result.rows;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx) =>
      work({ query: async <Row>(sql: string, params: readonly unknown[] = []) => (await tx.query<Row>(sql, params as unknown[])).rows }),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.pglite.exec(sql);
  }

  /** A tarball of the data folder, to seed other instances quickly (tests). */
  async dump(): Promise<Blob | File> {
    return this.pglite.dumpDataDir('none');
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}
