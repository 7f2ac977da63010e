import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';
import { type AuthenticationContext, authenticationContext } from './authentication-context.js';

/** What the steps so far proved in one interaction, and the digest of the binding the next step must present. */
export interface StoredProgress {
  interactionUid: string;
  accountId: string;
  context: AuthenticationContext;
  browserBinding: string;
}

/** As long as the interaction itself lives. */
const PROGRESS_TTL_SECONDS = 60 * 60;

/**
 * The kernel's record between steps. oidc-provider's Interaction keeps only its own fields, and putting
 * `login` into its result early would let a resume skip the steps still to come; so the progress lives
 * here until the finish takes it, once.
 */
@Injectable()
export class SignInProgressRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async save(progress: StoredProgress): Promise<void> {
    await this.db.query(
      `INSERT INTO sign_in_progress (interaction_uid, account_id, amr, browser_binding, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (interaction_uid) DO UPDATE SET account_id = $2, amr = $3, browser_binding = $4, expires_at = EXCLUDED.expires_at`,
      [progress.interactionUid, progress.accountId, progress.context.amr, progress.browserBinding, PROGRESS_TTL_SECONDS],
    );
  }

  async find(interactionUid: string): Promise<StoredProgress | null> {
    const [row] = await this.db.query<ProgressRow>('SELECT * FROM sign_in_progress WHERE interaction_uid = $1 AND expires_at > now()', [interactionUid]);
    return row ? toProgress(row) : null;
  }

  /** Removes and returns the progress in one statement: of two concurrent takers, one gets it. */
  async take(interactionUid: string): Promise<StoredProgress | null> {
    const [row] = await this.db.query<ProgressRow>('DELETE FROM sign_in_progress WHERE interaction_uid = $1 AND expires_at > now() RETURNING *', [interactionUid]);
    return row ? toProgress(row) : null;
  }
}

interface ProgressRow {
  interaction_uid: string;
  account_id: string;
  amr: string[];
  browser_binding: string;
}

const toProgress = (row: ProgressRow): StoredProgress => ({
  interactionUid: row.interaction_uid,
  accountId: row.account_id,
  context: authenticationContext(row.amr),
  browserBinding: row.browser_binding,
});
