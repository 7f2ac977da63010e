import pg from 'pg';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../config/app-config.js';
import type { Database, PoolUse, Queryable } from './database.js';
import { DatabaseUnavailableError, isTerminatedConnection, translateDatabaseError } from './database.errors.js';

export interface PostgresOptions {
  /** A schema per test file keeps parallel suites apart on one database. */
  searchPath?: string;
  max?: number;
  timeouts?: DatabaseTimeouts;
  /** Shown in `pg_stat_activity`, so an operator can tell our connections apart. */
  applicationName?: string;
}

/** A PostgreSQL connection pool: the production path, shared by every identity-server instance. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private readonly maxConnections: number;

  constructor(connectionString: string, options: PostgresOptions = {}) {
    const timeouts = options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
    this.maxConnections = options.max ?? 10;
    this.pool = new pg.Pool({
      connectionString,
      max: this.maxConnections,
      application_name: options.applicationName ?? 'nest-identity-server',
      options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
      // Connecting and waiting for a pooled connection.
      connectionTimeoutMillis: timeouts.connectMs,
      // Measured here: a network that accepts but never answers stalls no statement past it.
      query_timeout: timeouts.queryMs,
      // Measured by the server: it stops the work a client gave up on, and never holds locks for an idle transaction.
      statement_timeout: timeouts.queryMs,
      idle_in_transaction_session_timeout: timeouts.queryMs * 2,
      // Connections to a server that vanished are found by the kernel rather than by the next request.
      keepAlive: true,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /**
   * One statement. A connection the server terminated while it sat idle in the pool (an administrator
   * ending backends, a failover) fails the statement before it ran, so that one is retried once on a
   * fresh connection.
   */
  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params as unknown[])).rows as Row[];
    } catch (error) {
      if (!isTerminatedConnection(error)) translateDatabaseError(error, 'query');
      try {
        return (await this.pool.query(sql, params as unknown[])).rows as Row[];
      } catch (retryError) {
        translateDatabaseError(retryError, 'query');
      }
    }
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => translateDatabaseError(error, 'connect'));
    const run = async <Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
      try {
        return (await client.query(sql, params as unknown[])).rows as Row[];
      } catch (error) {
        translateDatabaseError(error, 'transaction');
      }
    };
    let broken = false;
    try {
      await run('BEGIN');
      const result = await work({ query: run });
      await run('COMMIT');
      return result;
    } catch (error) {
      broken = error instanceof DatabaseUnavailableError;
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      // A connection that failed mid-transaction is closed, never handed to the next request half-open.
      client.release(broken);
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql).catch((error: unknown) => translateDatabaseError(error, 'exec'));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  poolUse(): PoolUse {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount, max: this.maxConnections };
  }
}
