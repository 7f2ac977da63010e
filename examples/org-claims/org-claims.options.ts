import type { IdentityServerOptions } from '../../src/identity-server.module.js';
import { OrgClaims } from './org-claims.provider.js';
import { OrgDirectoryModule } from './org.directory.js';

/**
 * What the team passes to `createIdentityServer(config, options)`: `OrgClaims` as the claims provider,
 * and the module it injects its directory from.
 */
export const orgClaimsOptions: IdentityServerOptions = {
  claims: OrgClaims,
  imports: [OrgDirectoryModule],
};
