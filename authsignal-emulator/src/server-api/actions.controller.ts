import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { actionSummaryView, actionView } from '../actions/action.views.js';
import { ActionsService } from '../actions/actions.service.js';
import { Errors } from '../common/api-error.js';
import { ActionCodePipe, IdentifierPipe } from '../common/validators.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { QueryActionsDto } from './dto/query.dto.js';
import { TrackDto } from './dto/track.dto.js';
import { UpdateActionDto } from './dto/update-action.dto.js';
import { ServerTenant } from './server-tenant.decorator.js';

/** Server API: track an action, read and update its state (reference §2.1, §2.10). */
@Controller('v1/users/:userId/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Post(':action')
  @HttpCode(200)
  track(
    @ServerTenant() tenant: TenantConfig,
    @Param('userId', IdentifierPipe) userId: string,
    @Param('action', ActionCodePipe) actionCode: string,
    @Body() body: TrackDto,
  ) {
    const { action, token, url, enrolment } = this.actions.track(tenant, userId, actionCode, body);
    return {
      state: action.state,
      idempotencyKey: action.idempotencyKey,
      url,
      token,
      isEnrolled: enrolment.isEnrolled,
      enrolledVerificationMethods: enrolment.enrolledVerificationMethods,
      allowedVerificationMethods: tenant.allowedVerificationMethods,
      defaultVerificationMethod: enrolment.defaultVerificationMethod,
      ruleIds: [],
    };
  }

  @Get()
  list(@ServerTenant() tenant: TenantConfig, @Param('userId', IdentifierPipe) userId: string, @Query() query: QueryActionsDto) {
    const codes = query.codes?.split(',').filter(Boolean);
    return this.actions
      .list(tenant.tenantId, userId, { fromDate: query.fromDate ? new Date(query.fromDate) : undefined, codes, state: query.state })
      .map(actionSummaryView);
  }

  @Get(':action/:idempotencyKey')
  get(
    @ServerTenant() tenant: TenantConfig,
    @Param('userId', IdentifierPipe) userId: string,
    @Param('action', ActionCodePipe) actionCode: string,
    @Param('idempotencyKey', IdentifierPipe) idempotencyKey: string,
  ) {
    const action = this.actions.find(tenant.tenantId, { userId, actionCode, idempotencyKey });
    if (!action) throw Errors.notFound('Action not found.');
    return actionView(action);
  }

  @Patch(':action/:idempotencyKey')
  update(
    @ServerTenant() tenant: TenantConfig,
    @Param('userId', IdentifierPipe) userId: string,
    @Param('action', ActionCodePipe) actionCode: string,
    @Param('idempotencyKey', IdentifierPipe) idempotencyKey: string,
    @Body() body: UpdateActionDto,
  ) {
    return actionView(this.actions.update(tenant.tenantId, { userId, actionCode, idempotencyKey }, body.state));
  }
}
