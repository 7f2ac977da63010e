import { Inject, Injectable } from '@nestjs/common';
import { authenticationContext, type AuthenticationContext } from '../common/authentication-context.js';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

/** What the steps so far have proven for one interaction. */
export interface LoginState extends AuthenticationContext {
  interactionUid: string;
  accountId: string;
  /** The last step reached: `password` (passed), or `mfa` (a challenge is pending); later steps check it. */
  step: LoginStep;
  /** The Authsignal action tracked for this interaction, while a challenge is pending. */
  challenge?: { idempotencyKey: string; url: string };
  /** Digest of the secret the step put in its browser: the next step must come from that browser. */
  browserBinding?: string;
}

export type LoginStep = 'password' | 'mfa';

/** How long a half-finished sign-in is kept: the interaction itself lives one hour. */
const LOGIN_STATE_TTL_SECONDS = 60 * 60;

/**
 * The password step's result, keyed by interaction uid. oidc-provider's Interaction keeps only its
 * own fields, and putting `login` into its result early would let a resume skip later steps, so the
 * state lives here until the last step takes it — once — and finishes the interaction.
 */
@Injectable()
export class LoginStateRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async save(state: Omit<LoginState, 'acr'>): Promise<void> {
    await this.db.query(
      `INSERT INTO login_states (interaction_uid, account_id, step, amr, challenge_key, challenge_url, browser_binding, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $8, now() + make_interval(secs => $7))
       ON CONFLICT (interaction_uid) DO UPDATE SET account_id = $2, step = $3, amr = $4, challenge_key = $5, challenge_url = $6,
         browser_binding = $8, expires_at = EXCLUDED.expires_at`,
      [
        state.interactionUid,
        state.accountId,
        state.step,
        state.amr,
        state.challenge?.idempotencyKey ?? null,
        state.challenge?.url ?? null,
        LOGIN_STATE_TTL_SECONDS,
        state.browserBinding ?? null,
      ],
    );
  }

  async find(interactionUid: string): Promise<LoginState | null> {
    const [row] = await this.db.query<LoginStateRow>('SELECT * FROM login_states WHERE interaction_uid = $1 AND expires_at > now()', [
      interactionUid,
    ]);
    return row ? toLoginState(row) : null;
  }

  /** Removes and returns the state in one statement: of two concurrent takers, one gets it. */
  async take(interactionUid: string): Promise<LoginState | null> {
    const [row] = await this.db.query<LoginStateRow>(
      'DELETE FROM login_states WHERE interaction_uid = $1 AND expires_at > now() RETURNING *',
      [interactionUid],
    );
    return row ? toLoginState(row) : null;
  }
}

interface LoginStateRow {
  interaction_uid: string;
  account_id: string;
  step: LoginStep;
  amr: string[];
  challenge_key: string | null;
  challenge_url: string | null;
  browser_binding: string | null;
}

const toLoginState = (row: LoginStateRow): LoginState => ({
  interactionUid: row.interaction_uid,
  accountId: row.account_id,
  step: row.step,
  ...authenticationContext(row.amr),
  challenge: row.challenge_key && row.challenge_url ? { idempotencyKey: row.challenge_key, url: row.challenge_url } : undefined,
  browserBinding: row.browser_binding ?? undefined,
});
