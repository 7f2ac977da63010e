import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ActionsService } from '../actions/actions.service.js';
import { Errors } from '../common/api-error.js';
import { FAILURE_REASONS } from '../common/authsignal.types.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { EmulatorStore } from '../store/emulator.store.js';
import type { ActionRecord, AuthenticatorRecord, EmailOtpChallenge } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { assertMayAddAuthenticator } from '../tokens/authenticator-binding.js';
import type { TokenClaims } from '../tokens/token.claims.js';
import { actionRefOf } from '../tokens/tokens.service.js';
import { authenticatorView } from '../users/user.views.js';
import { UsersService } from '../users/users.service.js';
import { emailOtpExpiry, newEmailCode, sameCode } from './otp-codes.js';

/**
 * Email OTP for the client API (reference §3.10). The browser SDK sends no challenge id when verifying, so the
 * pending code is found through the token: one live code per action, the newest replacing older ones.
 */
@Injectable()
export class EmailOtpService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly users: UsersService,
    private readonly actions: ActionsService,
    private readonly outbox: OutboxService,
  ) {}

  enroll(tenant: TenantConfig, claims: TokenClaims, email: string) {
    const action = this.actions.require(tenant.tenantId, actionRefOf(claims));
    this.actions.assertOpen(action);
    assertMayAddAuthenticator(claims, this.users.enrolment(tenant.tenantId, claims.sub).isEnrolled);
    const user = this.users.upsert(tenant.tenantId, claims.sub);
    const authenticator = this.users.addAuthenticator(tenant.tenantId, { userId: user.userId, verificationMethod: 'EMAIL_OTP', email });
    this.sendCode(tenant, action, authenticator, 'enroll');
    return { userAuthenticatorId: authenticator.userAuthenticatorId, userId: user.userId };
  }

  challenge(tenant: TenantConfig, claims: TokenClaims, userAuthenticatorId?: string) {
    const action = this.actions.require(tenant.tenantId, actionRefOf(claims));
    this.actions.assertOpen(action);
    const authenticator = this.users
      .authenticators(tenant.tenantId, claims.sub)
      .find((candidate) => candidate.verificationMethod === 'EMAIL_OTP' && (!userAuthenticatorId || candidate.userAuthenticatorId === userAuthenticatorId));
    if (!authenticator?.email) throw Errors.invalidRequest('No email OTP authenticator is enrolled for this user.');
    return { challengeId: this.sendCode(tenant, action, authenticator, 'challenge').challengeId };
  }

  verify(tenant: TenantConfig, claims: TokenClaims, code: string) {
    const action = this.actions.require(tenant.tenantId, actionRefOf(claims));
    if (this.actions.isLockedOut(tenant, action)) return { isVerified: false, failureReason: FAILURE_REASONS.maxAttempts };
    this.actions.assertOpen(action);
    const challenge = this.pendingChallenge(tenant.tenantId, action);
    if (!challenge) return { isVerified: false, failureReason: FAILURE_REASONS.invalidOrExpired };
    if (!sameCode(code, challenge.code)) {
      const outcome = this.actions.recordFailedAttempt(tenant, action);
      return { isVerified: false, failureReason: outcome === 'locked' ? FAILURE_REASONS.maxAttempts : FAILURE_REASONS.invalidOrExpired };
    }
    this.store.deleteChallenge(tenant.tenantId, challenge.challengeId);
    const authenticator = this.users.findAuthenticator(tenant.tenantId, challenge.userAuthenticatorId);
    if (!authenticator) throw Errors.invalidRequest('The email OTP authenticator of this code was removed.');
    const enrolling = challenge.purpose === 'enroll';
    if (enrolling) {
      this.users.activate(tenant.tenantId, authenticator);
      this.users.upsert(tenant.tenantId, claims.sub, { email: challenge.email, emailVerified: true });
    } else {
      this.users.touch(authenticator);
    }
    const { accessToken } = this.actions.succeed(tenant, action, 'EMAIL_OTP', authenticator.userAuthenticatorId);
    return { isVerified: true, accessToken, userAuthenticator: enrolling ? authenticatorView(authenticator) : undefined };
  }

  private sendCode(tenant: TenantConfig, action: ActionRecord, authenticator: AuthenticatorRecord, purpose: EmailOtpChallenge['purpose']) {
    const email = authenticator.email as string;
    const code = newEmailCode();
    // Sent first: when the rate limit refuses, the previous code stays valid.
    this.outbox.send(tenant, email, code, purpose);
    const previous = this.pendingChallenge(tenant.tenantId, action);
    if (previous) this.store.deleteChallenge(tenant.tenantId, previous.challengeId);
    const now = Date.now();
    const challenge: EmailOtpChallenge = {
      kind: 'email-otp',
      challengeId: randomUUID(),
      action: { userId: action.userId, actionCode: action.actionCode, idempotencyKey: action.idempotencyKey },
      purpose,
      userAuthenticatorId: authenticator.userAuthenticatorId,
      email,
      code,
      createdAt: new Date(now).toISOString(),
      expiresAt: emailOtpExpiry(tenant, now),
    };
    this.store.putChallenge(tenant.tenantId, challenge);
    return challenge;
  }

  private pendingChallenge(tenantId: string, action: ActionRecord): EmailOtpChallenge | undefined {
    const now = new Date();
    return Object.values(this.store.tenant(tenantId).challenges).find(
      (challenge): challenge is EmailOtpChallenge =>
        challenge.kind === 'email-otp' &&
        new Date(challenge.expiresAt) > now &&
        challenge.action.userId === action.userId &&
        challenge.action.actionCode === action.actionCode &&
        challenge.action.idempotencyKey === action.idempotencyKey,
    );
  }
}
