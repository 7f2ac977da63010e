import type { Database, QueryOptions, Queryable } from '../../src/database/database.js';

/** What the server asked of its database since the last reset. */
export interface SqlCounts {
  /** Every statement, in transactions or not (BEGIN and COMMIT not included). */
  statements: number;
  /** INSERT, UPDATE, DELETE: statements that change rows. */
  writes: number;
  /** Commits that made writes durable: each write outside a transaction, and each transaction that wrote. */
  commits: number;
  /** How often each statement ran (whitespace folded, first 100 characters): which ones a workload repeats. */
  byStatement: Record<string, number>;
}

/** A statement that changes rows: one that starts with a change, or has one as a `WITH` query or after it. */
const WRITE = /(?:^|[()])\s*(?:INSERT|UPDATE|DELETE|MERGE)\b/i;

/**
 * The identity server's database, counted: the bench wraps the one it hands to `createIdentityServer`,
 * so its table can say how many statements, writes and commits each operation costs.
 */
export class CountingDatabase implements Database {
  private counts: SqlCounts = emptyCounts();

  constructor(private readonly inner: Database) {}

  get kind(): Database['kind'] {
    return this.inner.kind;
  }

  /** The counts so far, and a fresh start. */
  take(): SqlCounts {
    const counts = this.counts;
    this.counts = emptyCounts();
    return counts;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<Row[]> {
    if (this.note(sql)) this.counts.commits++;
    return this.inner.query<Row>(sql, params, options);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let wrote = false;
    const result = await this.inner.transaction((tx) =>
      work({
        query: <Row>(sql: string, params?: readonly unknown[]) => {
          if (this.note(sql)) wrote = true;
          return tx.query<Row>(sql, params);
        },
      }),
    );
    if (wrote) this.counts.commits++;
    return result;
  }

  exec(sql: string): Promise<void> {
    return this.inner.exec(sql);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /**
   * What each statement's text is, worked out once: the server sends few distinct texts, and folding and
   * matching each one anew cost its main thread about 1 % of a sign-in (a profile of the bench's own cost).
   */
  private readonly known = new Map<string, { key: string; writes: boolean }>();

  /** Counts one statement; says whether it writes. */
  private note(sql: string): boolean {
    let statement = this.known.get(sql);
    if (!statement) this.known.set(sql, (statement = { key: sql.replace(/\s+/g, ' ').trim().slice(0, 100), writes: WRITE.test(sql) }));
    this.counts.statements++;
    this.counts.byStatement[statement.key] = (this.counts.byStatement[statement.key] ?? 0) + 1;
    if (statement.writes) this.counts.writes++;
    return statement.writes;
  }
}

const emptyCounts = (): SqlCounts => ({ statements: 0, writes: 0, commits: 0, byStatement: {} });
