import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Errors } from '../common/api-error.js';
import type { ActionRef, UserRecord } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { decodeJwtUnverified, signJwt, verifyJwt } from './jwt.js';
import { asTokenClaims, type TokenClaims } from './token.claims.js';

export type TokenCheck =
  | { status: 'valid'; tenant: TenantConfig; claims: TokenClaims }
  | { status: 'expired'; tenant: TenantConfig; claims: TokenClaims }
  | { status: 'invalid' };

export interface VerifiedToken {
  tenant: TenantConfig;
  claims: TokenClaims;
}

/** Client tokens: HS256 with the tenant's API secret, pointing at one action, valid `tokenLifetimeSeconds`. */
@Injectable()
export class TokensService {
  constructor(private readonly tenants: TenantsService) {}

  issue(tenant: TenantConfig, action: ActionRef, user: UserRecord, scope: string, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = {
      sub: action.userId,
      iat,
      exp: iat + tenant.tokenLifetimeSeconds,
      jti: randomUUID(),
      scope,
      other: {
        tenantId: tenant.tenantId,
        publishableKey: tenant.tenantId,
        userId: action.userId,
        email: user.email,
        phoneNumber: user.phoneNumber,
        username: user.username,
        actionCode: action.actionCode,
        idempotencyKey: action.idempotencyKey,
      },
    };
    return signJwt(claims, tenant.apiSecretKey);
  }

  /**
   * Checks a token. The tenant comes from the (unverified) `other.tenantId` claim and the signature is then
   * checked with that tenant's secret; `onlyTenant` restricts the check to one tenant (server API calls).
   */
  check(token: string, onlyTenant?: TenantConfig, now = Date.now()): TokenCheck {
    const unverified = decodeJwtUnverified(token);
    const tenantId = (unverified?.other as { tenantId?: unknown } | undefined)?.tenantId;
    const tenant = typeof tenantId === 'string' ? this.tenants.byId(tenantId) : undefined;
    if (!tenant || (onlyTenant && onlyTenant.tenantId !== tenant.tenantId)) return { status: 'invalid' };
    const payload = verifyJwt(token, tenant.apiSecretKey);
    const claims = payload && asTokenClaims(payload);
    if (!claims) return { status: 'invalid' };
    return claims.exp * 1000 <= now ? { status: 'expired', tenant, claims } : { status: 'valid', tenant, claims };
  }

  /** A valid token or the client API's `expired_token` / `invalid_token` error. */
  require(token: string): VerifiedToken {
    const result = this.check(token);
    if (result.status === 'expired') throw Errors.expiredToken();
    if (result.status === 'invalid') throw Errors.invalidToken();
    return { tenant: result.tenant, claims: result.claims };
  }
}

export function actionRefOf(claims: TokenClaims): ActionRef {
  return { userId: claims.sub, actionCode: claims.other.actionCode, idempotencyKey: claims.other.idempotencyKey };
}
