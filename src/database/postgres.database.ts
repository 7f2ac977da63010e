import { createHash } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_DATABASE_POOL_SIZE, DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../config/app-config.js';
import type { Database, PoolUse, QueryOptions, Queryable } from './database.js';
import { DatabaseUnavailableError, isTerminatedConnection, translateDatabaseError } from './database.errors.js';

export interface PostgresOptions {
  /** A schema per test file keeps parallel suites apart on one database. */
  searchPath?: string;
  /** Connections in the pool (and as many again for relaxed commits, when allowed and used). */
  max?: number;
  timeouts?: DatabaseTimeouts;
  /** Shown in `pg_stat_activity`, so an operator can tell our connections apart. */
  applicationName?: string;
  /** Commit `relaxable` writes without waiting for the disk (`synchronous_commit = off` on their connections). */
  relaxedCommits?: boolean;
}

/** Statements prepared by name, per connection; past this many distinct texts, further ones run unnamed. */
const MAX_NAMED_STATEMENTS = 200;

/** A PostgreSQL connection pool: the production path, shared by every identity-server instance. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  /** Connections whose commits do not wait for the disk, opened on first use. */
  private relaxedPool?: pg.Pool;
  /** Each statement text's name, or null for one that runs unnamed (see `query`). */
  private readonly statementNames = new Map<string, string | null>();

  constructor(
    private readonly connectionString: string,
    private readonly options: PostgresOptions = {},
  ) {
    this.pool = this.newPool({});
  }

  /**
   * One statement, prepared once per connection (by a name derived from its text) so that PostgreSQL
   * parses and plans it once. A connection the server terminated while it sat idle in the pool (an
   * administrator ending backends, a failover) fails the statement before it ran, so that one is
   * retried once on a fresh connection.
   */
  async query<Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    const pool = options.durability === 'relaxable' && this.options.relaxedCommits ? this.relaxed() : this.pool;
    const statement = this.prepared(sql, params);
    try {
      return (await pool.query(statement)).rows as Row[];
    } catch (error) {
      const replanned = isStalePlan(error) && statement.name !== undefined;
      if (!replanned && !isTerminatedConnection(error)) translateDatabaseError(error, 'query');
      // A migration by another instance changed what `SELECT *` returns: this text runs unnamed from now on.
      if (replanned) this.statementNames.set(sql, null);
      try {
        return (await pool.query(replanned ? { text: sql, values: params as unknown[] } : statement)).rows as Row[];
      } catch (retryError) {
        translateDatabaseError(retryError, 'query');
      }
    }
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => translateDatabaseError(error, 'connect'));
    const run = async <Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
      try {
        // Unnamed: transactions run at start (migrations, the first signing key), each text once.
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
    await Promise.all([this.pool.end(), this.relaxedPool?.end()]);
  }

  /** The statement as `pg` sends it: named, so each connection prepares it once, unless too many texts have been seen. */
  private prepared(text: string, values: readonly unknown[]): pg.QueryConfig {
    let name = this.statementNames.get(text);
    if (name === undefined && this.statementNames.size < MAX_NAMED_STATEMENTS) {
      name = `s_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
      this.statementNames.set(text, name);
    }
    return { name: name ?? undefined, text, values: values as unknown[] };
  }

  private relaxed(): pg.Pool {
    this.relaxedPool ??= this.newPool({ synchronous_commit: 'off' });
    return this.relaxedPool;
  }

  private newPool(settings: Record<string, string>): pg.Pool {
    const timeouts = this.options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
    const serverSettings = { ...(this.options.searchPath ? { search_path: this.options.searchPath } : {}), ...settings };
    const pool = new pg.Pool({
      connectionString: this.connectionString,
      max: this.options.max ?? DEFAULT_DATABASE_POOL_SIZE,
      application_name: this.options.applicationName ?? 'nest-identity-server',
      options: Object.entries(serverSettings).map(([name, value]) => `-c ${name}=${value}`).join(' ') || undefined,
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
    pool.on('error', () => undefined);
    return pool;
  }

  poolUse(): PoolUse {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount, max: this.options.max ?? DEFAULT_DATABASE_POOL_SIZE };
  }
}

/** PostgreSQL refuses to run a prepared statement whose result columns a schema change altered (`SELECT *` after ALTER TABLE). */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '0A000' && /cached plan must not change result type/.test((error as Error).message);
}
