import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Errors } from '../common/api-error.js';
import type { ClientAuth, EmulatorRequest } from '../common/emulator-request.js';
import { TenantsService } from '../tenants/tenants.service.js';
import type { TokenClaims } from '../tokens/token.claims.js';
import { TokensService } from '../tokens/tokens.service.js';
import type { TenantConfig } from '../tenants/tenant.config.js';

/** `token`: a client token is required; `token-or-tenant`: a token or the public tenant id will do. */
export type ClientAuthMode = 'token' | 'token-or-tenant';

const CLIENT_AUTH_MODE = 'authsignal-emulator:client-auth-mode';

/** Lets a client-API route accept the tenant id instead of a token (anonymous passkey sign-in, lookups). */
export const AllowTenantAuth = () => SetMetadata(CLIENT_AUTH_MODE, 'token-or-tenant' satisfies ClientAuthMode);

/**
 * The tenant id from `Authorization: Basic <b64>`. The browser SDK sends `btoa(encodeURIComponent(tenantId))`
 * without a colon; docs and the iOS SDK send `"<tenantId>:"`. Both are accepted (reference §0.3).
 */
export function tenantIdFromBasic(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8').replace(/:$/, '');
  try {
    return decodeURIComponent(decoded) || undefined;
  } catch {
    return undefined;
  }
}

/** Authenticates the client API: a Bearer client token by default, the tenant id where a route allows it. */
@Injectable()
export class ClientAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly tenants: TenantsService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const mode = this.reflector.getAllAndOverride<ClientAuthMode | undefined>(CLIENT_AUTH_MODE, [context.getHandler(), context.getClass()]) ?? 'token';
    const request = context.switchToHttp().getRequest<EmulatorRequest>();
    const header = request.headers.authorization;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (bearer) {
      request.clientAuth = this.tokens.require(bearer[1]);
      return true;
    }
    const tenant = mode === 'token-or-tenant' ? this.tenants.byId(tenantIdFromBasic(header) ?? '') : undefined;
    if (!tenant) throw mode === 'token' ? Errors.invalidToken('A client token is required (Authorization: Bearer <token>).') : Errors.unauthorized();
    request.clientAuth = { tenant };
    return true;
  }
}

function clientAuthOf(context: ExecutionContext): ClientAuth {
  const auth = context.switchToHttp().getRequest<EmulatorRequest>().clientAuth;
  if (!auth) throw Errors.unauthorized();
  return auth;
}

/** The caller of a client-API route: its tenant, and its token claims when it sent a token. */
export const Client = createParamDecorator((_data: unknown, context: ExecutionContext): ClientAuth => clientAuthOf(context));

/** The caller of a token-only client-API route. */
export const ClientToken = createParamDecorator((_data: unknown, context: ExecutionContext): { tenant: TenantConfig; claims: TokenClaims } => {
  const auth = clientAuthOf(context);
  if (!auth.claims) throw Errors.invalidToken('A client token is required (Authorization: Bearer <token>).');
  return { tenant: auth.tenant, claims: auth.claims };
});
