import { Injectable } from '@nestjs/common';
import { ActionsService } from '../actions/actions.service.js';
import { Errors } from '../common/api-error.js';
import { FAILURE_REASONS } from '../common/authsignal.types.js';
import type { AuthenticatorRecord } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { assertMayAddAuthenticator } from '../tokens/authenticator-binding.js';
import type { TokenClaims } from '../tokens/token.claims.js';
import { actionRefOf } from '../tokens/tokens.service.js';
import { authenticatorView } from '../users/user.views.js';
import { UsersService } from '../users/users.service.js';
import { checkTotp, newTotpSecret, totpUri } from './totp.js';

/** Authenticator app (TOTP) enrolment and challenge for the client API (reference §3.9). */
@Injectable()
export class AuthenticatorAppService {
  constructor(
    private readonly users: UsersService,
    private readonly actions: ActionsService,
  ) {}

  /** Starts an enrolment: the authenticator exists unverified until the first correct code. */
  enroll(tenant: TenantConfig, claims: TokenClaims) {
    const action = this.actions.require(tenant.tenantId, actionRefOf(claims));
    this.actions.assertOpen(action);
    assertMayAddAuthenticator(claims, this.users.enrolment(tenant.tenantId, claims.sub).isEnrolled);
    const user = this.users.upsert(tenant.tenantId, claims.sub);
    const secret = newTotpSecret();
    const authenticator = this.users.addAuthenticator(tenant.tenantId, {
      userId: user.userId,
      verificationMethod: 'AUTHENTICATOR_APP',
      totp: { secret },
    });
    const label = user.email ?? user.username ?? user.userId;
    return { userAuthenticatorId: authenticator.userAuthenticatorId, userId: user.userId, uri: totpUri(tenant.rpName, label, secret), secret };
  }

  /**
   * The browser SDK sends no authenticator id: the code is checked against the pending enrolment (if any) and
   * the enrolled authenticator app (if any), so an abandoned re-enrolment does not lock the user out.
   */
  async verify(tenant: TenantConfig, claims: TokenClaims, code: string) {
    const action = this.actions.require(tenant.tenantId, actionRefOf(claims));
    if (this.actions.isLockedOut(tenant, action)) return { isVerified: false, failureReason: FAILURE_REASONS.maxAttempts };
    this.actions.assertOpen(action);
    const pending = this.users.pendingAuthenticator(tenant.tenantId, claims.sub, 'AUTHENTICATOR_APP');
    const enrolled = this.users.authenticators(tenant.tenantId, claims.sub).find((candidate) => candidate.verificationMethod === 'AUTHENTICATOR_APP');
    const candidates = [pending, enrolled].filter((candidate) => candidate?.totp !== undefined) as AuthenticatorRecord[];
    if (candidates.length === 0) throw Errors.invalidRequest('No authenticator app is enrolled for this user.');

    for (const authenticator of candidates) {
      const totp = authenticator.totp!;
      const result = await checkTotp(totp.secret, code, totp.lastTimeStep);
      if (!result.valid) continue;
      totp.lastTimeStep = result.timeStep;
      const enrolling = authenticator === pending;
      if (enrolling) this.users.activate(tenant.tenantId, authenticator);
      else this.users.touch(authenticator);
      const { accessToken } = this.actions.succeed(tenant, action, 'AUTHENTICATOR_APP', authenticator.userAuthenticatorId);
      return { isVerified: true, accessToken, userAuthenticator: enrolling ? authenticatorView(authenticator) : undefined };
    }
    const outcome = this.actions.recordFailedAttempt(tenant, action);
    return { isVerified: false, failureReason: outcome === 'locked' ? FAILURE_REASONS.maxAttempts : FAILURE_REASONS.invalidOrExpired };
  }
}
