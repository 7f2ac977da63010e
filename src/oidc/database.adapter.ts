import type { Adapter, AdapterPayload } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Database } from '../database/database.js';
import { asProviderOutage } from './provider-outage.js';

interface ModelRow {
  payload: AdapterPayload;
  consumed_at: Date | null;
}

/**
 * oidc-provider storage for every model (Session, Interaction, Grant, AuthorizationCode, AccessToken,
 * RefreshToken, …) in one table. Instances share it, so a flow may start on one and end on another.
 * A database outage leaves every method as the provider's `temporarily_unavailable` (503).
 */
export function databaseAdapterFactory(db: Database): new (model: string) => Adapter {
  const query = <Row>(sql: string, params: unknown[]) => db.query<Row>(sql, params).catch((error: unknown) => asProviderOutage(error, 'storage'));
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    /** `expiresIn` undefined means the artifact never expires (NULL `expires_at`). */
    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await query(
        `INSERT INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET
           payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
           user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
        [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresIn ?? null],
      );
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('id = $2', id);
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
      const rows = await query(
        `UPDATE oidc_models SET consumed_at = now(), payload = payload || jsonb_build_object('consumed', extract(epoch from now())::int)
         WHERE model = $1 AND id = $2 AND consumed_at IS NULL RETURNING 1`,
        [this.model, id],
      );
      if (rows.length === 0) throw new errors.InvalidGrant(`${this.model} already consumed`);
    }

    async destroy(id: string): Promise<void> {
      await query('DELETE FROM oidc_models WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await query('DELETE FROM oidc_models WHERE model = $1 AND grant_id = $2', [this.model, grantId]);
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
