import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ActionsService } from '../actions/actions.service.js';
import { Errors } from '../common/api-error.js';
import { FAILURE_REASONS, SCOPES } from '../common/authsignal.types.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { EmulatorStore } from '../store/emulator.store.js';
import type { ServerEmailOtpChallenge } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { UsersService } from '../users/users.service.js';
import { emailOtpExpiry, newEmailCode, sameCode } from './otp-codes.js';

export interface StartChallenge {
  verificationMethod: string;
  action: string;
  email?: string;
  userId?: string;
  scope?: string;
  idempotencyKey?: string;
}

export interface ChallengeLookup {
  challengeId?: string;
  userId?: string;
  action?: string;
  verificationMethod?: string;
}

/**
 * Server-driven email OTP (reference §2.11): `POST /challenge` sends a code, `POST /verify` checks it,
 * `POST /claim` turns a verified challenge into a token for a user, which then validates as `CHALLENGE_SUCCEEDED`.
 */
@Injectable()
export class ServerChallengesService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly users: UsersService,
    private readonly actions: ActionsService,
    private readonly outbox: OutboxService,
  ) {}

  start(tenant: TenantConfig, request: StartChallenge) {
    if (request.verificationMethod !== 'EMAIL_OTP') {
      throw Errors.invalidRequest(`The emulator sends EMAIL_OTP challenges only, not ${request.verificationMethod}.`);
    }
    const email = request.email ?? (request.userId ? this.enrolledEmail(tenant.tenantId, request.userId) : undefined);
    if (!email) throw Errors.invalidRequest('email is required for an EMAIL_OTP challenge.');
    const code = newEmailCode();
    this.outbox.send(tenant, email, code, 'server-challenge');
    const now = Date.now();
    const challenge: ServerEmailOtpChallenge = {
      kind: 'server-email-otp',
      challengeId: randomUUID(),
      actionCode: request.action,
      idempotencyKey: request.idempotencyKey ?? randomUUID(),
      email,
      code,
      userId: request.userId,
      scope: request.scope,
      attempts: 0,
      createdAt: new Date(now).toISOString(),
      expiresAt: emailOtpExpiry(tenant, now),
    };
    this.store.putChallenge(tenant.tenantId, challenge);
    return { challengeId: challenge.challengeId, idempotencyKey: challenge.idempotencyKey, expiresAt: unixSeconds(challenge.expiresAt) };
  }

  verify(tenant: TenantConfig, challengeId: string, code: string) {
    const challenge = this.store.challenge(tenant.tenantId, challengeId, 'server-email-otp');
    if (!challenge || challenge.verifiedAt || challenge.claimedAt) return { isVerified: false, failureReason: FAILURE_REASONS.invalidOrExpired };
    if (challenge.attempts >= tenant.maxOtpAttempts) return { isVerified: false, failureReason: FAILURE_REASONS.maxAttempts };
    if (!sameCode(code, challenge.code)) {
      challenge.attempts += 1;
      this.store.changed();
      const locked = challenge.attempts >= tenant.maxOtpAttempts;
      return { isVerified: false, failureReason: locked ? FAILURE_REASONS.maxAttempts : FAILURE_REASONS.invalidOrExpired };
    }
    challenge.verifiedAt = new Date().toISOString();
    this.store.changed();
    if (challenge.userId && hasAnyScope(challenge.scope, [SCOPES.add, SCOPES.update])) this.enrollEmail(tenant, challenge.userId, challenge.email);
    return { isVerified: true, email: challenge.email, verificationMethod: 'EMAIL_OTP' as const };
  }

  claim(tenant: TenantConfig, challengeId: string, userId: string, skipVerificationCheck = false) {
    const challenge = this.store.challenge(tenant.tenantId, challengeId, 'server-email-otp');
    if (!challenge) throw Errors.notFound('Challenge not found or expired.');
    if (challenge.claimedAt) throw Errors.invalidRequest('The challenge has already been claimed.');
    if (!challenge.verifiedAt && !skipVerificationCheck) throw Errors.invalidRequest('The challenge has not been verified.');
    if (challenge.userId && challenge.userId !== userId) throw Errors.invalidRequest('The challenge was started for another user.');
    challenge.claimedAt = new Date().toISOString();
    this.store.changed();
    const user = this.users.upsert(tenant.tenantId, userId);
    if (!user.email && challenge.verifiedAt) this.users.upsert(tenant.tenantId, userId, { email: challenge.email, emailVerified: true });
    const { accessToken } = this.actions.createSucceeded(tenant, userId, challenge.actionCode, 'EMAIL_OTP', {
      idempotencyKey: challenge.idempotencyKey,
      attributes: { email: challenge.email },
    });
    return { token: accessToken, verificationMethod: 'EMAIL_OTP' as const };
  }

  /** `GET /challenges`: the newest live challenge matching the filters, or `{}`. */
  find(tenant: TenantConfig, lookup: ChallengeLookup) {
    const now = new Date();
    const match = Object.values(this.store.tenant(tenant.tenantId).challenges)
      .filter((challenge): challenge is ServerEmailOtpChallenge => challenge.kind === 'server-email-otp' && new Date(challenge.expiresAt) > now)
      .filter((challenge) => !lookup.challengeId || challenge.challengeId === lookup.challengeId)
      .filter((challenge) => !lookup.userId || challenge.userId === lookup.userId)
      .filter((challenge) => !lookup.action || challenge.actionCode === lookup.action)
      .filter((challenge) => !lookup.verificationMethod || lookup.verificationMethod === 'EMAIL_OTP')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!match) return {};
    return {
      challengeId: match.challengeId,
      expiresAt: unixSeconds(match.expiresAt),
      verificationMethod: 'EMAIL_OTP' as const,
      email: match.email,
      action: match.actionCode,
    };
  }

  private enrolledEmail(tenantId: string, userId: string): string | undefined {
    return this.users.authenticators(tenantId, userId).find((authenticator) => authenticator.verificationMethod === 'EMAIL_OTP')?.email;
  }

  /** With `userId` and an add/update scope, a verified code enrols (or replaces) the user's email authenticator. */
  private enrollEmail(tenant: TenantConfig, userId: string, email: string): void {
    this.users.upsert(tenant.tenantId, userId, { email, emailVerified: true });
    this.users.addAuthenticator(tenant.tenantId, { userId, verificationMethod: 'EMAIL_OTP', email, verifiedAt: new Date().toISOString() });
  }
}

function unixSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

function hasAnyScope(scope: string | undefined, wanted: string[]): boolean {
  const granted = (scope ?? '').split(' ');
  return wanted.some((item) => granted.includes(item));
}
