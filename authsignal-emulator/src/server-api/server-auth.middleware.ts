import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { Errors } from '../common/api-error.js';
import type { EmulatorRequest } from '../common/emulator-request.js';
import { TenantsService } from '../tenants/tenants.service.js';

/** The secret from `Authorization: Basic base64("<secret>:")`, as the node SDK sends it (axios `auth`). */
export function secretFromBasic(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const secret = colon === -1 ? decoded : decoded.slice(0, colon);
  return secret.length > 0 ? secret : undefined;
}

/**
 * Authenticates every server-API request (everything under /v1 but /v1/client) before routing, so that a
 * wrong secret is a 401 even on a path that would not exist (the real API behaves so, reference §0.5).
 */
@Injectable()
export class ServerAuthMiddleware implements NestMiddleware {
  constructor(private readonly tenants: TenantsService) {}

  use(request: EmulatorRequest, response: Response, next: NextFunction): void {
    const secret = secretFromBasic(request.headers.authorization);
    const tenant = secret ? this.tenants.bySecret(secret) : undefined;
    if (!tenant) {
      const error = Errors.unauthorized();
      response.status(error.status).json(error.toBody());
      return;
    }
    request.serverTenant = tenant;
    next();
  }
}
