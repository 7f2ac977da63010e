import { PGlite } from '@electric-sql/pglite';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import pg from 'pg';

/**
 * The plainest SQL storage for the bare provider, to tell what a database costs the provider from what
 * our layers cost: one table, one statement per adapter call, as the adapters in oidc-provider's
 * documentation do it, with none of our per-request read sparing or write batching. On PostgreSQL its
 * table lives in a schema of its own, dropped at exit; on PGlite in a database of its own, in memory,
 * on the process's own thread, as PGlite's documentation opens it (ours runs it in a worker thread).
 */
export interface SqlStorage {
  kind: 'postgres' | 'pglite';
  Adapter: new (model: string) => Adapter;
  close(): Promise<void>;
}

/** What the adapter needs of a database: a statement with parameters, and a script without. */
interface Sql {
  query<Row>(text: string, values: unknown[]): Promise<{ rows: Row[] }>;
  script(text: string): Promise<void>;
}

const SCHEMA_SQL = (schema: string) => `
  CREATE SCHEMA ${schema};
  CREATE TABLE ${schema}.models (
    model text NOT NULL, id text NOT NULL, payload jsonb NOT NULL,
    grant_id text, uid text, user_code text, expires_at timestamptz, consumed_at timestamptz,
    PRIMARY KEY (model, id));
  CREATE INDEX ON ${schema}.models (model, uid);
  CREATE INDEX ON ${schema}.models (model, grant_id);`;

/** On PostgreSQL at `url`, with a `pg` pool of `poolSize` connections. */
export async function postgresStorage(url: string, poolSize: number): Promise<SqlStorage> {
  const schema = `bench_bare_${process.pid}_${Date.now().toString(36)}`;
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const sql: Sql = {
    query: async <Row>(text: string, values: unknown[]) => ({ rows: (await pool.query(text, values)).rows as Row[] }),
    script: async (text) => void (await pool.query(text)),
  };
  const Adapter = await sqlAdapter(sql, schema);
  return {
    kind: 'postgres',
    Adapter,
    close: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}

/** On a fresh in-memory PGlite in this process. */
export async function pgliteStorage(): Promise<SqlStorage> {
  const db = await PGlite.create();
  const sql: Sql = {
    query: async <Row>(text: string, values: unknown[]) => ({ rows: (await db.query<Row>(text, values)).rows }),
    script: async (text) => void (await db.exec(text)),
  };
  return { kind: 'pglite', Adapter: await sqlAdapter(sql, 'bench_bare'), close: () => db.close() };
}

async function sqlAdapter(sql: Sql, schema: string): Promise<SqlStorage['Adapter']> {
  await sql.script(SCHEMA_SQL(schema));
  const table = `${schema}.models`;
  const live = '(expires_at IS NULL OR expires_at > now())';

  const findWhere = async (model: string, column: 'id' | 'uid' | 'user_code', value: string) => {
    const { rows } = await sql.query<{ payload: AdapterPayload; consumed_at: Date | null }>(
      `SELECT payload, consumed_at FROM ${table} WHERE model = $1 AND ${column} = $2 AND ${live}`,
      [model, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
  };

  return class SqlAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await sql.query(
        `INSERT INTO ${table} (model, id, payload, grant_id, uid, user_code, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
           uid = EXCLUDED.uid, user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
        [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresIn ?? null],
      );
    }

    find(id: string) {
      return findWhere(this.model, 'id', id);
    }

    findByUid(uid: string) {
      return findWhere(this.model, 'uid', uid);
    }

    findByUserCode(userCode: string) {
      return findWhere(this.model, 'user_code', userCode);
    }

    async consume(id: string): Promise<void> {
      await sql.query(`UPDATE ${table} SET consumed_at = now() WHERE model = $1 AND id = $2`, [this.model, id]);
    }

    async destroy(id: string): Promise<void> {
      await sql.query(`DELETE FROM ${table} WHERE model = $1 AND id = $2`, [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await sql.query(`DELETE FROM ${table} WHERE model = $1 AND grant_id = $2`, [this.model, grantId]);
    }
  };
}
