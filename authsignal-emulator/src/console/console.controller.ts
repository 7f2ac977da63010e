import { Controller, Get, Header, Render } from '@nestjs/common';
import { ActionsService } from '../actions/actions.service.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { UsersService } from '../users/users.service.js';
import { authenticatorSummary, maskSecret } from './console.views.js';

const USERS_SHOWN = 200;
const ACTIONS_SHOWN = 25;

/** The emulator's home page: tenants, their users with authenticators, and recent actions. Read-only. */
@Controller()
export class ConsoleController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly actions: ActionsService,
  ) {}

  @Get()
  @Render('console')
  @Header('Cache-Control', 'no-store')
  index() {
    return {
      title: 'Console',
      nav: 'console',
      apiUrl: this.tenants.apiUrl,
      tenants: this.tenants.all().map((tenant) => this.tenantView(tenant)),
    };
  }

  private tenantView(tenant: TenantConfig) {
    const users = this.users.query(tenant.tenantId, { limit: USERS_SHOWN }).users;
    return {
      tenantId: tenant.tenantId,
      maskedSecret: maskSecret(tenant.apiSecretKey),
      rpId: tenant.rpId,
      rpName: tenant.rpName,
      expectedOrigins: this.tenants.expectedOrigins(tenant),
      allowedMethods: tenant.allowedVerificationMethods,
      defaultOutcome: tenant.defaultOutcome,
      actionOutcomes: Object.entries(tenant.actionOutcomes).map(([code, outcome]) => ({ code, outcome })),
      tokenMinutes: Math.round((tenant.tokenLifetimeSeconds / 60) * 10) / 10,
      passkeySignInAction: tenant.passkeySignInAction,
      users: users.map((user) => ({
        ...user,
        authenticators: this.users.authenticators(tenant.tenantId, user.userId).map(authenticatorSummary),
      })),
      userCount: users.length,
      actions: this.actions.recent(tenant.tenantId, ACTIONS_SHOWN),
    };
  }
}
