import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';
import { ACR, AMR, type AuthenticationContext } from './authentication-context.js';

/** What the steps so far have proven for one interaction. */
export interface LoginState extends AuthenticationContext {
  interactionUid: string;
  accountId: string;
  /** The last step passed, e.g. `password`; later steps check it before continuing. */
  step: string;
}

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

  async save(state: LoginState): Promise<void> {
    await this.db.query(
      `INSERT INTO login_states (interaction_uid, account_id, step, amr, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (interaction_uid) DO UPDATE SET account_id = $2, step = $3, amr = $4, expires_at = EXCLUDED.expires_at`,
      [state.interactionUid, state.accountId, state.step, state.amr, LOGIN_STATE_TTL_SECONDS],
    );
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
  step: string;
  amr: string[];
}

// The acr follows from the methods used; it is not stored separately.
const toLoginState = (row: LoginStateRow): LoginState => ({
  interactionUid: row.interaction_uid,
  accountId: row.account_id,
  step: row.step,
  amr: row.amr,
  acr: acrFor(row.amr),
});

function acrFor(amr: string[]): string {
  if (amr.includes(AMR.password) && amr.includes(AMR.multiFactor)) return ACR.multiFactor;
  if (amr.includes(AMR.password)) return ACR.password;
  return ACR.passkey;
}
