import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ActionsService } from '../actions/actions.service.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { ValidateDto } from './dto/validate.dto.js';
import { ServerTenant } from './server-tenant.decorator.js';

/** Server API: `POST /validate` (reference §2.2). The response names the action `actionCode`, as the SDKs expect. */
@Controller('v1/validate')
export class ValidateController {
  constructor(private readonly actions: ActionsService) {}

  @Post()
  @HttpCode(200)
  validate(@ServerTenant() tenant: TenantConfig, @Body() body: ValidateDto) {
    return this.actions.validate(tenant, body.token, { userId: body.userId, actionCode: body.action });
  }
}
