import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

/** The Authsignal action tracked for one interaction, while its challenge is pending. */
export interface PendingMfaChallenge {
  interactionUid: string;
  /** Identifies the tracked action: the callback accepts this action's token only. */
  idempotencyKey: string;
  /** The pre-built UI, where the browser goes for the challenge (or a first enrolment). */
  url: string;
}

/** As long as the interaction itself lives. */
const CHALLENGE_TTL_SECONDS = 60 * 60;

/** The MFA step's own state, in its own table. */
@Injectable()
export class MfaChallengeRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async save(challenge: PendingMfaChallenge): Promise<void> {
    await this.db.query(
      `INSERT INTO mfa_challenges (interaction_uid, idempotency_key, url, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (interaction_uid) DO UPDATE SET idempotency_key = $2, url = $3, expires_at = EXCLUDED.expires_at`,
      [challenge.interactionUid, challenge.idempotencyKey, challenge.url, CHALLENGE_TTL_SECONDS],
    );
  }

  async find(interactionUid: string): Promise<PendingMfaChallenge | null> {
    const [row] = await this.db.query<ChallengeRow>('SELECT * FROM mfa_challenges WHERE interaction_uid = $1 AND expires_at > now()', [interactionUid]);
    return row ? toChallenge(row) : null;
  }

  /** Removes and returns the challenge in one statement: of two concurrent callbacks, one gets it. */
  async take(interactionUid: string): Promise<PendingMfaChallenge | null> {
    const [row] = await this.db.query<ChallengeRow>('DELETE FROM mfa_challenges WHERE interaction_uid = $1 AND expires_at > now() RETURNING *', [interactionUid]);
    return row ? toChallenge(row) : null;
  }
}

interface ChallengeRow {
  interaction_uid: string;
  idempotency_key: string;
  url: string;
}

const toChallenge = (row: ChallengeRow): PendingMfaChallenge => ({ interactionUid: row.interaction_uid, idempotencyKey: row.idempotency_key, url: row.url });
