import { Injectable } from '@nestjs/common';
import { ActionsService } from '../actions/actions.service.js';
import { SCOPES, SUPPORTED_METHODS, type SupportedMethod } from '../common/authsignal.types.js';
import type { ActionRecord } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { hasScope } from '../tokens/token.claims.js';
import { actionRefOf, TokensService } from '../tokens/tokens.service.js';
import { UsersService } from '../users/users.service.js';
import { appendToken } from './redirect-url.js';
import { type MethodChoice, METHOD_LABELS, type PrebuiltConfig } from './prebuilt.model.js';

export interface PrebuiltPage {
  tenant: TenantConfig;
  config: PrebuiltConfig;
  challengeChoices: MethodChoice[];
  enrollChoices: MethodChoice[];
}

function isSupported(method: string): method is SupportedMethod {
  return (SUPPORTED_METHODS as readonly string[]).includes(method);
}

/** Decides what the pre-built UI shows for a token (reference §5) and where it returns to. */
@Injectable()
export class PrebuiltService {
  constructor(
    private readonly tokens: TokensService,
    private readonly actions: ActionsService,
    private readonly users: UsersService,
    private readonly tenants: TenantsService,
  ) {}

  page(token: string, mode: 'popup' | 'redirect', forceEnrollment: boolean): PrebuiltPage {
    const { tenant, claims } = this.tokens.require(token);
    const action = this.actions.require(tenant.tenantId, actionRefOf(claims));
    // A blocked, reviewed or locked-out action cannot be completed here: say so before any challenge.
    this.actions.assertOpen(action);
    const user = this.users.find(tenant.tenantId, claims.sub);
    const enrolment = this.users.enrolment(tenant.tenantId, claims.sub);
    const allowed = tenant.allowedVerificationMethods;
    const enrolled = enrolment.enrolledVerificationMethods.filter(isSupported).filter((method) => allowed.includes(method));
    const wantsSettings = forceEnrollment || action.attributes.redirectToSettings === true;
    const flow: PrebuiltConfig['flow'] =
      enrolled.length === 0 ? 'enroll' : wantsSettings && hasScope(claims, SCOPES.add) ? 'settings' : 'challenge';
    const config: PrebuiltConfig = {
      tenantId: tenant.tenantId,
      apiUrl: this.tenants.apiUrl,
      token,
      mode,
      flow,
      enrolledMethods: enrolled,
      allowedMethods: allowed,
      defaultMethod: enrolment.defaultVerificationMethod && isSupported(enrolment.defaultVerificationMethod) ? enrolment.defaultVerificationMethod : enrolled[0],
      settingsAfterChallenge: wantsSettings,
      email: user?.email ?? action.attributes.email,
      username: user?.username ?? user?.email ?? action.attributes.username,
      hasRedirect: !!action.attributes.redirectUrl,
      messageOrigins: this.tenants.expectedOrigins(tenant),
    };
    const choice = (hintKey: 'challengeHint' | 'enrollHint') => (method: SupportedMethod) => ({
      id: method,
      label: METHOD_LABELS[method].label,
      hint: METHOD_LABELS[method][hintKey],
    });
    return { tenant, config, challengeChoices: enrolled.map(choice('challengeHint')), enrollChoices: allowed.map(choice('enrollHint')) };
  }

  /** The tracked `redirectUrl` with `token` appended (after `&` when it already has a query). */
  redirectTarget(token: string): { action: ActionRecord; url?: string } {
    const { tenant, claims } = this.tokens.require(token);
    const action = this.actions.require(tenant.tenantId, actionRefOf(claims));
    const redirectUrl = action.attributes.redirectUrl;
    if (!redirectUrl) return { action };
    return { action, url: appendToken(redirectUrl, token) };
  }

  /** The origins of a token's tenant, for the error page's messages; none when the token is unreadable. */
  originsForUnverifiedToken(token: string): string[] {
    const check = this.tokens.check(token);
    return check.status === 'invalid' ? [] : this.tenants.expectedOrigins(check.tenant);
  }
}
