import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

/** The code requested in one interaction, as the step keeps it between the request and the code. */
export interface PendingEmailCode {
  interactionUid: string;
  /** The username or address as typed: the throttle's key, and where a new code goes. */
  identifier: string;
  /** Who was sent the code; null when nobody was (unknown identifier, no verified address, Authsignal declined). */
  accountId: string | null;
  /** Authsignal's challenge; null exactly when `accountId` is. */
  challengeId: string | null;
  codeExpiresAt: Date;
  tries: number;
  /** Digest of the binding of the browser that asked for the code: only it may type the code. */
  browserBinding: string;
}

export type NewPendingEmailCode = Omit<PendingEmailCode, 'tries'>;

/** As long as the interaction itself lives: an expired code can be replaced within it. */
const PENDING_TTL_SECONDS = 60 * 60;

/** The email-code step's own table. */
@Injectable()
export class EmailCodeRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** A new code for the interaction replaces any earlier one, with its count of tries. */
  async save(pending: NewPendingEmailCode): Promise<void> {
    await this.db.query(
      `INSERT INTO email_code_challenges
         (interaction_uid, identifier, account_id, challenge_id, code_expires_at, tries, browser_binding, expires_at)
       VALUES ($1, $2, $3, $4, $5, 0, $6, now() + make_interval(secs => $7))
       ON CONFLICT (interaction_uid) DO UPDATE SET identifier = $2, account_id = $3, challenge_id = $4, code_expires_at = $5,
         tries = 0, browser_binding = $6, expires_at = EXCLUDED.expires_at`,
      [pending.interactionUid, pending.identifier, pending.accountId, pending.challengeId, pending.codeExpiresAt, pending.browserBinding, PENDING_TTL_SECONDS],
    );
  }

  async find(interactionUid: string): Promise<PendingEmailCode | null> {
    const [row] = await this.db.query<PendingRow>('SELECT * FROM email_code_challenges WHERE interaction_uid = $1 AND expires_at > now()', [interactionUid]);
    return row ? toPending(row) : null;
  }

  /**
   * Counts one try at the code unless `limit` tries were made already, and returns how many have been made
   * (null: none allowed): the check and the count are one statement, so a burst of parallel guesses cannot
   * all pass a check made before any was counted.
   */
  async countTry(interactionUid: string, limit: number): Promise<number | null> {
    const [row] = await this.db.query<{ tries: number }>(
      'UPDATE email_code_challenges SET tries = tries + 1 WHERE interaction_uid = $1 AND tries < $2 AND expires_at > now() RETURNING tries',
      [interactionUid, limit],
    );
    return row ? Number(row.tries) : null;
  }

  /** Gives back a try that never got an answer (an outage). Best effort: the outage may be the database's. */
  async giveBackTry(interactionUid: string): Promise<void> {
    await this.db
      .query('UPDATE email_code_challenges SET tries = tries - 1 WHERE interaction_uid = $1 AND tries > 0', [interactionUid])
      .catch(() => undefined);
  }

  /** Removes and returns the pending code in one statement: of two concurrent right answers, one goes on. */
  async take(interactionUid: string): Promise<PendingEmailCode | null> {
    const [row] = await this.db.query<PendingRow>('DELETE FROM email_code_challenges WHERE interaction_uid = $1 AND expires_at > now() RETURNING *', [interactionUid]);
    return row ? toPending(row) : null;
  }
}

interface PendingRow {
  interaction_uid: string;
  identifier: string;
  account_id: string | null;
  challenge_id: string | null;
  code_expires_at: Date | string;
  tries: number;
  browser_binding: string;
}

const toPending = (row: PendingRow): PendingEmailCode => ({
  interactionUid: row.interaction_uid,
  identifier: row.identifier,
  accountId: row.account_id,
  challengeId: row.challenge_id,
  codeExpiresAt: new Date(row.code_expires_at),
  tries: Number(row.tries),
  browserBinding: row.browser_binding,
});
