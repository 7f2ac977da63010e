/** Anything that runs SQL: the database itself or an open transaction. Parameters are `$1`, `$2`, … */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<Row[]>;
}

export interface QueryOptions {
  /**
   * `relaxable`: a write whose loss in a crash of the database server costs little (a short-lived
   * artifact: the user or client starts again). The database commits it without waiting for the disk
   * when the operator allowed that (`DATABASE_RELAXED_COMMITS`, PostgreSQL's `synchronous_commit = off`:
   * never inconsistent, but the last fraction of a second of such commits may be lost); otherwise, and
   * inside a transaction, it is an ordinary write.
   */
  durability?: 'relaxable';
}

/**
 * The one door to storage, over embedded PGlite or a PostgreSQL pool: same SQL, same migrations.
 * Columns come back as the driver maps them: cast counts to `int` in SQL, since PostgreSQL returns
 * int8 as a string and PGlite as a number. When the database cannot answer (unreachable, stalled past
 * its timeouts, shutting down) every method rejects with `DatabaseUnavailableError`.
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** The pool's use, for the metrics; absent without a pool. */
  poolUse?(): PoolUse;
}

/** How a connection pool is used right now (PostgreSQL; PGlite has one connection and no pool). */
export interface PoolUse {
  /** Connections open, idle or busy. */
  total: number;
  idle: number;
  /** Requests waiting for a connection: the pool is too small for the load, or the database too slow. */
  waiting: number;
  max: number;
}
