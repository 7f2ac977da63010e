import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Errors } from '../common/api-error.js';
import { IdentifierPipe } from '../common/validators.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { TokensService } from '../tokens/tokens.service.js';
import { authenticatorView, userAttributesView, userView } from '../users/user.views.js';
import { UsersService } from '../users/users.service.js';
import { EnrollAuthenticatorDto } from './dto/enroll-authenticator.dto.js';
import { QueryUsersDto } from './dto/query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { ServerTenant } from './server-tenant.decorator.js';
import { VerifiedEnrolmentService } from './verified-enrolment.service.js';

/** Server API: users and their authenticators (reference §2.3–2.9). */
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly enrolment: VerifiedEnrolmentService,
  ) {}

  @Get()
  query(@ServerTenant() tenant: TenantConfig, @Query() query: QueryUsersDto) {
    let tokenPayload: unknown;
    let userId: string | undefined;
    if (query.token) {
      const check = this.tokens.check(query.token, tenant);
      if (check.status === 'invalid') throw Errors.invalidRequest('The token is invalid.');
      tokenPayload = check.claims;
      userId = check.claims.sub;
    }
    const page = this.users.query(tenant.tenantId, { ...query, userId, limit: query.limit ?? 100 });
    return {
      users: page.users.map((user) => {
        const enrolment = this.users.enrolment(tenant.tenantId, user.userId);
        return {
          userId: user.userId,
          ...userAttributesView(user),
          isEnrolled: enrolment.isEnrolled,
          enrolledVerificationMethods: enrolment.enrolledVerificationMethods,
          createdAt: user.createdAt,
        };
      }),
      lastEvaluatedUserId: page.lastEvaluatedUserId,
      tokenPayload,
    };
  }

  /** An unknown (or deleted) user is not an error: `isEnrolled: false` (reference §0.11). */
  @Get(':userId')
  get(@ServerTenant() tenant: TenantConfig, @Param('userId', IdentifierPipe) userId: string) {
    const user = this.users.find(tenant.tenantId, userId);
    return userView(user, this.users.enrolment(tenant.tenantId, userId), tenant.allowedVerificationMethods);
  }

  /** PATCH for the node SDK, POST for the Java SDK; both create the user when missing. */
  @Patch(':userId')
  update(@ServerTenant() tenant: TenantConfig, @Param('userId', IdentifierPipe) userId: string, @Body() body: UpdateUserDto) {
    return { userId, ...userAttributesView(this.users.upsert(tenant.tenantId, userId, body)) };
  }

  @Post(':userId')
  @HttpCode(200)
  updateByPost(@ServerTenant() tenant: TenantConfig, @Param('userId', IdentifierPipe) userId: string, @Body() body: UpdateUserDto) {
    return this.update(tenant, userId, body);
  }

  @Delete(':userId')
  delete(@ServerTenant() tenant: TenantConfig, @Param('userId', IdentifierPipe) userId: string) {
    this.users.delete(tenant.tenantId, userId);
    return { success: true };
  }

  @Get(':userId/authenticators')
  authenticators(@ServerTenant() tenant: TenantConfig, @Param('userId', IdentifierPipe) userId: string) {
    const user = this.users.find(tenant.tenantId, userId);
    return this.users.authenticators(tenant.tenantId, userId).map((authenticator) => authenticatorView(authenticator, user));
  }

  @Post(':userId/authenticators')
  @HttpCode(200)
  enroll(@ServerTenant() tenant: TenantConfig, @Param('userId', IdentifierPipe) userId: string, @Body() body: EnrollAuthenticatorDto) {
    const authenticator = this.enrolment.enroll(tenant, userId, body);
    return { authenticator: authenticatorView(authenticator, this.users.find(tenant.tenantId, userId)) };
  }

  @Delete(':userId/authenticators/:userAuthenticatorId')
  deleteAuthenticator(
    @ServerTenant() tenant: TenantConfig,
    @Param('userId', IdentifierPipe) userId: string,
    @Param('userAuthenticatorId', IdentifierPipe) userAuthenticatorId: string,
  ) {
    if (!this.users.deleteAuthenticator(tenant.tenantId, userId, userAuthenticatorId)) throw Errors.notFound('Authenticator not found.');
    return { success: true };
  }
}
