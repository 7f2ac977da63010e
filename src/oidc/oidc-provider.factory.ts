import { Logger, type FactoryProvider } from '@nestjs/common';
import Provider from 'oidc-provider';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';
import { BRANDING, type Branding } from '../branding/branding.js';
import { CLAIMS_PROVIDER, type ClaimsProvider, scopeProblems } from '../claims/claims-provider.js';
import { USER_STORE, type UserStore } from '../users/user-store.js';
import { inOneRequest } from './request-rows.js';
import { OIDC_PROVIDER } from './oidc.constants.js';
import { providerConfiguration } from './oidc-configuration.js';
import { providerErrorBoundary, requireBrowserBindingOnResume } from './provider-middleware.js';
import { SigningKeysService } from './signing-keys.service.js';

/** Builds the one `Provider` from typed config, with keys from the database. */
export const oidcProviderFactory: FactoryProvider<Provider> = {
  provide: OIDC_PROVIDER,
  inject: [APP_CONFIG, DATABASE, SigningKeysService, USER_STORE, CLAIMS_PROVIDER, BRANDING],
  useFactory: async (config: AppConfig, db: Database, signingKeys: SigningKeysService, users: UserStore, claims: ClaimsProvider, branding: Branding) => {
    const problems = scopeProblems(claims.scopes());
    if (problems.length > 0) throw new Error(`The claims provider's scopes cannot be used:\n  - ${problems.join('\n  - ')}`);
    const provider = new Provider(config.issuer, providerConfiguration(config, { db, signingKeys: await signingKeys.loadOrCreate(), users, claims, messages: branding.messages }));
    // Behind a load balancer the client's scheme and address come from X-Forwarded-*.
    provider.proxy = config.http.trustProxy;
    const logger = new Logger('OidcProvider');
    provider.on('server_error', (ctx, error) => logger.error({ event: 'oidc.server_error', path: ctx.path, err: error }));
    // In this order: the boundary wraps everything the provider does, the binding check included; from
    // the binding check on, the storage spares round trips within the request and writes what it held
    // back before the response (a failure to write it reaches the boundary).
    provider.use(providerErrorBoundary(branding.messages));
    const tokenPath = provider.pathFor('token').toLowerCase();
    provider.use((ctx, next) => inOneRequest(next, { holdSaves: ctx.method === 'POST' && ctx.path.toLowerCase() === tokenPath }));
    provider.use(requireBrowserBindingOnResume(provider, branding.messages));
    return provider;
  },
};
