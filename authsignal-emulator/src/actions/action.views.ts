import type { ActionRecord } from '../store/store.types.js';

/** `GET /users/{userId}/actions/{action}/{idempotencyKey}` (node SDK `GetActionResponse`; Go wants `output` non-null). */
export function actionView(action: ActionRecord) {
  return {
    userId: action.userId,
    actionCode: action.actionCode,
    idempotencyKey: action.idempotencyKey,
    state: action.state,
    stateUpdatedAt: action.stateUpdatedAt,
    createdAt: action.createdAt,
    verificationMethod: action.verificationMethod,
    verifiedByAuthenticatorId: action.verifiedByAuthenticatorId,
    ruleIds: [],
    rules: [],
    output: {},
  };
}

/** One item of `GET /users/{userId}/actions` (node SDK `QueryUserActionsResponse`). */
export function actionSummaryView(action: ActionRecord) {
  return {
    actionCode: action.actionCode,
    idempotencyKey: action.idempotencyKey,
    createdAt: action.createdAt,
    updatedAt: action.stateUpdatedAt,
    state: action.state,
    stateUpdatedAt: action.stateUpdatedAt,
    verificationMethod: action.verificationMethod,
    verifiedByAuthenticatorId: action.verifiedByAuthenticatorId,
  };
}
