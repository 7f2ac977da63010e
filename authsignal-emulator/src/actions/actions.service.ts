import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Errors } from '../common/api-error.js';
import { type ActionState, MANAGEMENT_SCOPE, SCOPES, type VerificationMethod } from '../common/authsignal.types.js';
import { actionKey, EmulatorStore } from '../store/emulator.store.js';
import type { ActionRecord, ActionRef, TrackedAttributes } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { TokensService } from '../tokens/tokens.service.js';
import { type Enrolment, UsersService } from '../users/users.service.js';
import { canSucceed, initialState, isValidState, outcomeFor } from './action-state.js';

export interface TrackResult {
  action: ActionRecord;
  token: string;
  url: string;
  enrolment: Enrolment;
}

export interface Completion {
  action: ActionRecord;
  /** A fresh token for the same action, with the scopes to manage authenticators (reference §3.1). */
  accessToken: string;
}

export interface ActionFilters {
  fromDate?: Date;
  codes?: string[];
  state?: ActionState;
}

/** Tracked actions and their state machine: track, complete a challenge, lock out, validate, update by hand. */
@Injectable()
export class ActionsService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly tenants: TenantsService,
  ) {}

  track(tenant: TenantConfig, userId: string, actionCode: string, attributes: TrackedAttributes & { idempotencyKey?: string }): TrackResult {
    const { idempotencyKey: requestedKey, ...tracked } = attributes;
    const known = this.users.find(tenant.tenantId, userId);
    // Identifiers given with the action describe the user, but never overwrite what is already known.
    const user = this.users.upsert(tenant.tenantId, userId, {
      email: known?.email ? undefined : tracked.email,
      phoneNumber: known?.phoneNumber ? undefined : tracked.phoneNumber,
      username: known?.username ? undefined : tracked.username,
    });
    const enrolment = this.users.enrolment(tenant.tenantId, userId);
    const ref: ActionRef = { userId, actionCode, idempotencyKey: requestedKey ?? randomUUID() };
    // Tracking again with the same idempotency key returns the same action (with a fresh token).
    const action = this.find(tenant.tenantId, ref) ?? this.create(tenant.tenantId, ref, initialState(enrolment.isEnrolled, outcomeFor(tenant, actionCode)), tracked);
    const scope = [...new Set([SCOPES.read, ...(action.attributes.scope ?? '').split(' ').filter(Boolean)])].join(' ');
    const token = this.tokens.issue(tenant, action, user, scope);
    return { action, token, url: `${this.tenants.publicUrl}/prebuilt/?token=${token}`, enrolment };
  }

  find(tenantId: string, ref: ActionRef): ActionRecord | undefined {
    return this.store.tenant(tenantId).actions[actionKey(ref)];
  }

  /** The action a client token points at; a token whose action is gone (user deleted) is no longer valid. */
  require(tenantId: string, ref: ActionRef): ActionRecord {
    const action = this.find(tenantId, ref);
    if (!action) throw Errors.invalidToken('The action of this token no longer exists.');
    return action;
  }

  /** Throws unless a challenge may still complete this action (not blocked, reviewed or locked out). */
  assertOpen(action: ActionRecord): void {
    if (!canSucceed(action.state)) throw Errors.actionNotAllowed(action.state);
  }

  /** A challenge or enrolment succeeded with the action's token. */
  succeed(tenant: TenantConfig, action: ActionRecord, method: VerificationMethod, authenticatorId?: string): Completion {
    this.assertOpen(action);
    this.setState(action, 'CHALLENGE_SUCCEEDED');
    action.verificationMethod = method;
    action.verifiedByAuthenticatorId = authenticatorId;
    this.store.changed();
    return { action, accessToken: this.issueManagementToken(tenant, action) };
  }

  /** An action that starts completed: anonymous passkey sign-in, claimed server challenge. */
  createSucceeded(
    tenant: TenantConfig,
    userId: string,
    actionCode: string,
    method: VerificationMethod,
    options: { authenticatorId?: string; idempotencyKey?: string; attributes?: TrackedAttributes } = {},
  ): Completion {
    this.users.upsert(tenant.tenantId, userId);
    const ref = { userId, actionCode, idempotencyKey: options.idempotencyKey ?? randomUUID() };
    const action = this.find(tenant.tenantId, ref) ?? this.create(tenant.tenantId, ref, 'CHALLENGE_SUCCEEDED', options.attributes ?? {});
    return this.succeed(tenant, action, method, options.authenticatorId);
  }

  isLockedOut(tenant: TenantConfig, action: ActionRecord): boolean {
    return action.state === 'CHALLENGE_FAILED' || action.failedAttempts >= tenant.maxOtpAttempts;
  }

  /** Counts a wrong code; the last allowed one fails the action unless it had already succeeded. */
  recordFailedAttempt(tenant: TenantConfig, action: ActionRecord): 'retry' | 'locked' {
    action.failedAttempts += 1;
    const locked = action.failedAttempts >= tenant.maxOtpAttempts;
    if (locked && action.state !== 'CHALLENGE_SUCCEEDED') this.setState(action, 'CHALLENGE_FAILED');
    this.store.changed();
    return locked ? 'locked' : 'retry';
  }

  update(tenantId: string, ref: ActionRef, state: ActionState): ActionRecord {
    const action = this.find(tenantId, ref);
    if (!action) throw Errors.notFound('Action not found.');
    this.setState(action, state);
    this.store.changed();
    return action;
  }

  list(tenantId: string, userId: string, filters: ActionFilters = {}): ActionRecord[] {
    return Object.values(this.store.tenant(tenantId).actions)
      .filter((action) => action.userId === userId)
      .filter((action) => !filters.fromDate || new Date(action.createdAt) >= filters.fromDate)
      .filter((action) => !filters.codes?.length || filters.codes.includes(action.actionCode))
      .filter((action) => !filters.state || action.state === filters.state)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  recent(tenantId: string, limit: number): ActionRecord[] {
    return Object.values(this.store.tenant(tenantId).actions)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }

  /**
   * `POST /validate`: a lookup of the current state of the token's action (idempotent). Token problems and
   * mismatches are a 200 with `isValid: false` and an `error` text, never the action's state: a caller that only
   * looks at `state` cannot mistake an expired or foreign token for a success.
   */
  validate(tenant: TenantConfig, token: string, expected: { userId?: string; actionCode?: string }) {
    const check = this.tokens.check(token, tenant);
    if (check.status === 'invalid') return { isValid: false, error: 'The token is invalid.' };
    if (check.status === 'expired') return { isValid: false, error: 'The token has expired.' };
    const action = this.find(tenant.tenantId, {
      userId: check.claims.sub,
      actionCode: check.claims.other.actionCode,
      idempotencyKey: check.claims.other.idempotencyKey,
    });
    if (!action) return { isValid: false, error: 'The action of this token no longer exists.' };
    if (expected.userId !== undefined && expected.userId !== action.userId) return { isValid: false, error: 'User is invalid.' };
    if (expected.actionCode !== undefined && expected.actionCode !== action.actionCode) {
      return { isValid: false, error: 'Action is invalid.' };
    }
    return {
      isValid: isValidState(action.state),
      state: action.state,
      stateUpdatedAt: action.stateUpdatedAt,
      userId: action.userId,
      actionCode: action.actionCode,
      idempotencyKey: action.idempotencyKey,
      verificationMethod: action.verificationMethod,
    };
  }

  issueManagementToken(tenant: TenantConfig, action: ActionRecord): string {
    const user = this.users.upsert(tenant.tenantId, action.userId);
    return this.tokens.issue(tenant, action, user, MANAGEMENT_SCOPE);
  }

  private create(tenantId: string, ref: ActionRef, state: ActionState, attributes: TrackedAttributes): ActionRecord {
    const now = new Date().toISOString();
    const action: ActionRecord = { ...ref, state, stateUpdatedAt: now, createdAt: now, failedAttempts: 0, attributes };
    this.store.tenant(tenantId).actions[actionKey(ref)] = action;
    this.store.changed();
    return action;
  }

  private setState(action: ActionRecord, state: ActionState): void {
    action.state = state;
    action.stateUpdatedAt = new Date().toISOString();
  }
}
