import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import type { Database, QueryOptions } from '../database/database.js';
import { asProviderOutage } from './provider-outage.js';
import { type PendingSave, RequestRows, rowsOfThisRequest } from './request-rows.js';

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
 * Tokens the provider looks up with their grant and, when bound to it, their session, one after the
 * other: a code exchange, a refresh, userinfo. Within a request all three come back in one round trip.
 */
const TOKENS_WITH_GRANT = new Set(['AuthorizationCode', 'RefreshToken', 'AccessToken']);

const { idKey, uidKey } = RequestRows;

/**
 * oidc-provider storage for every model (Session, Interaction, Grant, AuthorizationCode, AccessToken,
 * RefreshToken, …) in one table. Instances share it, so a flow may start on one and end on another.
 * A database outage leaves every method as the provider's `temporarily_unavailable` (503).
 *
 * Within a provider request (`inOneRequest`) it spares round trips: each artifact is read at most once,
 * a token's grant and session are read with it, and (at the token endpoint) consecutive saves are
 * written in one statement before the next read or write, and at the latest before the response (see
 * `RequestRows`).
 */
export function databaseAdapterFactory(db: Database): new (model: string) => Adapter {
  const query = <Row>(sql: string, params: unknown[], options?: QueryOptions) =>
    db.query<Row>(sql, params, options).catch((error: unknown) => asProviderOutage(error, 'storage'));
  /** Held saves go first: nothing else of the request may see the database without them. */
  const flushed = async (rows: RequestRows | undefined) => rows?.flush();
  const save = (saves: PendingSave[]) =>
    query(
      `INSERT INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at)
       VALUES ${saves.map((_, row) => `($${row * 7 + 1}, $${row * 7 + 2}, $${row * 7 + 3}, $${row * 7 + 4}, $${row * 7 + 5}, $${row * 7 + 6}, CASE WHEN $${row * 7 + 7}::int IS NULL THEN NULL ELSE now() + make_interval(secs => $${row * 7 + 7}::int) END)`).join(', ')}
       ON CONFLICT (model, id) DO UPDATE SET
         payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
         user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
      saves.flatMap(({ model, id, json, grantId, uid, userCode, expiresIn }) => [model, id, json, grantId, uid, userCode, expiresIn]),
      // As durable as the most durable of them.
      saves.every(({ model }) => SHORT_LIVED_MODELS.has(model)) ? { durability: 'relaxable' } : {},
    ).then(() => undefined);

  return class DatabaseAdapter implements Adapter {
    private readonly writes: QueryOptions;

    constructor(private readonly model: string) {
      this.writes = SHORT_LIVED_MODELS.has(model) ? { durability: 'relaxable' } : {};
    }

    /** `expiresIn` undefined means the artifact never expires (NULL `expires_at`). */
    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const rows = rowsOfThisRequest();
      const row = { model: this.model, id, json: JSON.stringify(payload), grantId: column(payload.grantId), uid: column(payload.uid), userCode: column(payload.userCode), expiresIn: expiresIn ?? null };
      if (rows?.holdsSaves) rows.defer(row, save);
      else await save([row]);
      this.remember(rows, id, payload, row.json);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const rows = rowsOfThisRequest();
      const key = idKey(this.model, id);
      if (rows?.has(key)) return rows.get(key);
      await flushed(rows);
      const found = rows && TOKENS_WITH_GRANT.has(this.model) ? await this.findWithGrantAndSession(id, rows) : await this.findWhere('id = $2', id);
      rows?.set(key, found);
      return found;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const rows = rowsOfThisRequest();
      const key = uidKey(this.model, uid);
      if (rows?.has(key)) return rows.get(key);
      await flushed(rows);
      const found = await this.findWhere('uid = $2', uid);
      rows?.set(key, found);
      return found;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      await flushed(rowsOfThisRequest());
      return this.findWhere('user_code = $2', userCode);
    }

    /**
     * Marks a code or token used. Atomic: of two concurrent redemptions (on any instances) exactly one
     * changes the row; the other is refused as `invalid_grant` instead of minting a second set of tokens.
     */
    async consume(id: string): Promise<void> {
      const rows = rowsOfThisRequest();
      await flushed(rows);
      const consumed = await query<{ consumed: number }>(
        `UPDATE oidc_models SET consumed_at = now(), payload = payload || jsonb_build_object('consumed', extract(epoch from now())::int)
         WHERE model = $1 AND id = $2 AND consumed_at IS NULL RETURNING extract(epoch from consumed_at)::int AS consumed`,
        [this.model, id],
        this.writes,
      );
      if (consumed.length === 0) throw new errors.InvalidGrant(`${this.model} already consumed`);
      const known = rows?.get(idKey(this.model, id));
      if (known) this.remember(rows, id, { ...known, consumed: Number(consumed[0].consumed) });
    }

    async destroy(id: string): Promise<void> {
      const rows = rowsOfThisRequest();
      await flushed(rows);
      await query('DELETE FROM oidc_models WHERE model = $1 AND id = $2', [this.model, id], this.writes);
      // Gone: known absent by id; by uid, unknown (another row may carry it).
      rows?.forget((key) => key.startsWith(uidKey(this.model, '')));
      rows?.set(idKey(this.model, id), undefined);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const rows = rowsOfThisRequest();
      await flushed(rows);
      await query('DELETE FROM oidc_models WHERE model = $1 AND grant_id = $2', [this.model, grantId]);
      rows?.forget((key, payload) => (key.startsWith(`${this.model}:`) || key.startsWith(`${this.model}#`)) && payload()?.grantId === grantId);
    }

    private remember(rows: RequestRows | undefined, id: string, payload: AdapterPayload, json = JSON.stringify(payload)): void {
      if (!rows) return;
      const previous = rows.get(idKey(this.model, id));
      if (typeof previous?.uid === 'string') rows.forget((key) => key === uidKey(this.model, previous.uid as string));
      rows.set(idKey(this.model, id), payload, json);
      if (typeof payload.uid === 'string') rows.set(uidKey(this.model, payload.uid), payload, json);
    }

    /** The token, and into this request's rows its grant and session, in one statement. */
    private async findWithGrantAndSession(id: string, rows: RequestRows): Promise<AdapterPayload | undefined> {
      const found = await query<ModelRow & { part: 'token' | 'grant' | 'session' }>(
        `WITH token AS (
           SELECT payload, consumed_at, grant_id FROM oidc_models
           WHERE model = $1 AND id = $2 AND (expires_at IS NULL OR expires_at > now()))
         SELECT 'token' AS part, payload, consumed_at FROM token
         UNION ALL
         SELECT 'grant', g.payload, g.consumed_at FROM token JOIN oidc_models g ON g.model = 'Grant' AND g.id = token.grant_id
           WHERE g.expires_at IS NULL OR g.expires_at > now()
         UNION ALL
         SELECT 'session', s.payload, s.consumed_at FROM token JOIN oidc_models s ON s.model = 'Session' AND s.uid = token.payload->>'sessionUid'
           WHERE s.expires_at IS NULL OR s.expires_at > now()`,
        [this.model, id],
      );
      const part = (name: string) => found.find((row) => row.part === name);
      const token = part('token');
      if (!token) return undefined;
      const payload = withConsumed(token);
      // What the database holds for the grant and session the token names, found or not.
      if (typeof payload.grantId === 'string') rows.set(idKey('Grant', payload.grantId), part('grant') && withConsumed(part('grant')!));
      if (typeof payload.sessionUid === 'string') rows.set(uidKey('Session', payload.sessionUid), part('session') && withConsumed(part('session')!));
      return payload;
    }

    private async findWhere(condition: string, value: string): Promise<AdapterPayload | undefined> {
      const [row] = await query<ModelRow>(
        `SELECT payload, consumed_at FROM oidc_models
         WHERE model = $1 AND ${condition} AND (expires_at IS NULL OR expires_at > now())`,
        [this.model, value],
      );
      return row && withConsumed(row);
    }
  };
}

/** A payload field the table keeps in a column of its own, for lookups. */
const column = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A stored artifact as the provider wants it: `consumed` (epoch seconds) when it was consumed. */
const withConsumed = (row: ModelRow): AdapterPayload =>
  row.consumed_at ? { ...row.payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) } : row.payload;
