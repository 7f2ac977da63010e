import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

/**
 * Kept far longer than any token lives (Authsignal's default is 10 minutes; tenants may raise it), so a
 * token can never be accepted twice while Authsignal would still call it valid.
 */
const REPLAY_RECORD_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Every Authsignal action (by idempotency key) that has signed someone in, in the shared database. */
@Injectable()
export class AcceptedChallengesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Records the acceptance; false when it was already recorded — here, on another instance, or before a restart. */
  async recordFirstUse(idempotencyKey: string, accountId: string): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO accepted_challenges (idempotency_key, account_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1`,
      [idempotencyKey, accountId, REPLAY_RECORD_TTL_SECONDS],
    );
    return rows.length === 1;
  }
}
