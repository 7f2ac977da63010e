import { AsyncLocalStorage } from 'node:async_hooks';
import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import type { Database, QueryOptions } from '../database/database.js';
import { asProviderOutage } from './provider-outage.js';

interface ModelRow {
  payload: AdapterPayload;
  consumed_at: Date | null;
}

/**
 * Artifacts that live an hour or less and whose loss in a database crash costs a retry: with
 * `DATABASE_RELAXED_COMMITS` their writes do not wait for the disk. Sessions, grants and refresh
 * tokens (weeks) always do.
 */
const SHORT_LIVED_MODELS = new Set(['AuthorizationCode', 'AccessToken', 'ClientCredentials', 'Interaction', 'PushedAuthorizationRequest', 'ReplayDetection']);

/**
 * What one provider request has read or written, by model and id. The provider reads some artifacts
 * twice in a request (the resume at `/auth/:uid` finds its interaction after our browser-binding check
 * found it), and a read after a write in the same request is answered by what was written.
 */
const requestRows = new AsyncLocalStorage<Map<string, AdapterPayload | undefined>>();

/** Runs `work` as one request: within it, each artifact is read from the database at most once. */
export function inOneRequest<T>(work: () => T): T {
  return requestRows.run(new Map(), work);
}

const rowsOfThisRequest = () => requestRows.getStore();

/**
 * oidc-provider storage for every model (Session, Interaction, Grant, AuthorizationCode, AccessToken,
 * RefreshToken, …) in one table. Instances share it, so a flow may start on one and end on another.
 * A database outage leaves every method as the provider's `temporarily_unavailable` (503).
 */
export function databaseAdapterFactory(db: Database): new (model: string) => Adapter {
  const query = <Row>(sql: string, params: unknown[], options?: QueryOptions) =>
    db.query<Row>(sql, params, options).catch((error: unknown) => asProviderOutage(error, 'storage'));
  return class DatabaseAdapter implements Adapter {
    private readonly writes: QueryOptions;

    constructor(private readonly model: string) {
      this.writes = SHORT_LIVED_MODELS.has(model) ? { durability: 'relaxable' } : {};
    }

    /** `expiresIn` undefined means the artifact never expires (NULL `expires_at`). */
    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await query(
        `INSERT INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET
           payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
           user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
        [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresIn ?? null],
        this.writes,
      );
      this.remember(id, payload);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const rows = rowsOfThisRequest();
      const key = `${this.model}:${id}`;
      if (rows?.has(key)) return copy(rows.get(key));
      const found = await this.findWhere('id = $2', id);
      rows?.set(key, copy(found));
      return found;
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('uid = $2', uid);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('user_code = $2', userCode);
    }

    /**
     * Marks a code or token used. Atomic: of two concurrent redemptions (on any instances) exactly one
     * changes the row; the other is refused as `invalid_grant` instead of minting a second set of tokens.
     */
    async consume(id: string): Promise<void> {
      const rows = await query<{ consumed: number }>(
        `UPDATE oidc_models SET consumed_at = now(), payload = payload || jsonb_build_object('consumed', extract(epoch from now())::int)
         WHERE model = $1 AND id = $2 AND consumed_at IS NULL RETURNING extract(epoch from consumed_at)::int AS consumed`,
        [this.model, id],
        this.writes,
      );
      if (rows.length === 0) throw new errors.InvalidGrant(`${this.model} already consumed`);
      const known = rowsOfThisRequest()?.get(`${this.model}:${id}`);
      if (known) this.remember(id, { ...known, consumed: Number(rows[0].consumed) });
    }

    async destroy(id: string): Promise<void> {
      await query('DELETE FROM oidc_models WHERE model = $1 AND id = $2', [this.model, id], this.writes);
      this.remember(id, undefined);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await query('DELETE FROM oidc_models WHERE model = $1 AND grant_id = $2', [this.model, grantId]);
      const rows = rowsOfThisRequest();
      for (const [key, payload] of rows ?? []) if (key.startsWith(`${this.model}:`) && payload?.grantId === grantId) rows!.set(key, undefined);
    }

    private remember(id: string, payload: AdapterPayload | undefined): void {
      rowsOfThisRequest()?.set(`${this.model}:${id}`, copy(payload));
    }

    private async findWhere(condition: string, value: string): Promise<AdapterPayload | undefined> {
      const [row] = await query<ModelRow>(
        `SELECT payload, consumed_at FROM oidc_models
         WHERE model = $1 AND ${condition} AND (expires_at IS NULL OR expires_at > now())`,
        [this.model, value],
      );
      if (!row) return undefined;
      return row.consumed_at ? { ...row.payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) } : row.payload;
    }
  };
}

/** The provider builds its models from what it is given and may change them: each reader gets its own copy. */
const copy = (payload: AdapterPayload | undefined): AdapterPayload | undefined => (payload === undefined ? undefined : structuredClone(payload));
