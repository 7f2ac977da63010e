import type { ActionOutcome, ActionState } from '../common/authsignal.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';

/** The state machine of user actions (reference §1.1), as pure rules. */

const STATE_BY_OUTCOME: Record<ActionOutcome, ActionState> = {
  ALLOW: 'ALLOW',
  CHALLENGE: 'CHALLENGE_REQUIRED',
  REVIEW: 'REVIEW_REQUIRED',
  BLOCK: 'BLOCK',
};

export function outcomeFor(tenant: TenantConfig, actionCode: string): ActionOutcome {
  return tenant.actionOutcomes[actionCode] ?? tenant.defaultOutcome;
}

/** A user without authenticators is let through (`ALLOW`, `isEnrolled: false`); others get the tenant's outcome. */
export function initialState(isEnrolled: boolean, outcome: ActionOutcome): ActionState {
  return isEnrolled ? STATE_BY_OUTCOME[outcome] : 'ALLOW';
}

/**
 * Whether completing a challenge or an enrolment may move the action to `CHALLENGE_SUCCEEDED`. Blocked, reviewed
 * and locked-out (`CHALLENGE_FAILED`) actions stay as they are: a new action has to be tracked.
 */
export function canSucceed(state: ActionState): boolean {
  return state === 'ALLOW' || state === 'CHALLENGE_REQUIRED' || state === 'CHALLENGE_SUCCEEDED';
}

/** Only a completed challenge validates; `ALLOW` means no challenge was done (reference §7.4). */
export function isValidState(state: ActionState): boolean {
  return state === 'CHALLENGE_SUCCEEDED';
}
