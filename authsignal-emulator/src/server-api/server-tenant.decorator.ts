import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Errors } from '../common/api-error.js';
import type { EmulatorRequest } from '../common/emulator-request.js';
import type { TenantConfig } from '../tenants/tenant.config.js';

/** The tenant whose secret authenticated this server-API request. */
export const ServerTenant = createParamDecorator((_data: unknown, context: ExecutionContext): TenantConfig => {
  const tenant = context.switchToHttp().getRequest<EmulatorRequest>().serverTenant;
  if (!tenant) throw Errors.unauthorized();
  return tenant;
});
