import type { Request } from 'express';
import type { TenantConfig } from '../tenants/tenant.config.js';
import type { TokenClaims } from '../tokens/token.claims.js';

/** Who is calling the client API: a tenant (Basic tenant id), and a verified token when one was sent. */
export interface ClientAuth {
  tenant: TenantConfig;
  claims?: TokenClaims;
}

/** What the authentication middleware and guard attach to a request. */
export interface EmulatorRequest extends Request {
  /** Set by the server-API middleware from the Basic secret. */
  serverTenant?: TenantConfig;
  clientAuth?: ClientAuth;
}
