import { Inject, Injectable, Logger, type FactoryProvider } from '@nestjs/common';
import Provider from 'oidc-provider';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';
import { BRANDING, type Branding } from '../branding/branding.js';
import { CLAIMS_PROVIDER, type ClaimsProvider, scopeProblems } from '../claims/claims-provider.js';
import { HttpMetrics } from '../common/metrics/http-metrics.js';
import { IdentityServerMetrics } from '../metrics/identity-server-metrics.js';
import { USER_STORE, type UserStore } from '../users/user-store.js';
import { inOneRequest } from './request-rows.js';
import { providerConfiguration } from './oidc-configuration.js';
import { formPostWithoutInlineScript } from './form-post-page.js';
import { logProviderRefusals } from './provider-events.js';
import { ProviderHolder } from './provider-holder.js';
import { providerErrorBoundary, requireBrowserBindingOnResume } from './provider-middleware.js';
import { type SigningKeySet, SigningKeysService } from './signing-keys.service.js';

/** Builds a `Provider` from typed config and a set of signing keys: once at boot, and again whenever the keys change. */
@Injectable()
export class OidcProviderFactory {
  private readonly logger = new Logger('OidcProvider');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(USER_STORE) private readonly users: UserStore,
    @Inject(CLAIMS_PROVIDER) private readonly claims: ClaimsProvider,
    @Inject(BRANDING) private readonly branding: Branding,
    private readonly metrics: IdentityServerMetrics,
    private readonly httpMetrics: HttpMetrics,
  ) {}

  /** Throws, naming the client, when a client's ID token algorithm has no key that signs. */
  build(keys: SigningKeySet): Provider {
    const unsigned = this.config.oidc.clients.filter(({ id_token_signed_response_alg: alg }) => alg && !keys.signingAlgorithms.includes(alg));
    if (unsigned.length > 0) {
      const names = unsigned.map((client) => `${client.client_id} (${client.id_token_signed_response_alg})`).join(', ');
      throw new Error(`No signing key for the ID tokens of ${names}: keys sign ${keys.signingAlgorithms.join(', ')}`);
    }
    const { db, users, claims, branding } = this;
    const provider = new Provider(this.config.issuer, providerConfiguration(this.config, { db, signingKeys: keys, users, claims, messages: branding.messages }));
    // Behind a load balancer the client's scheme and address come from X-Forwarded-*.
    provider.proxy = this.config.http.trustProxy;
    provider.on('server_error', (ctx, error) => this.logger.error({ event: 'oidc.server_error', path: ctx.path, err: error }));
    logProviderRefusals(provider, this.logger);
    provider.on('grant.success', (ctx) => this.metrics.grant(ctx.oidc.params?.grant_type));
    provider.on('grant.error', (ctx, error) => this.metrics.grant(ctx.oidc.params?.grant_type, error));
    // In this order: the boundary wraps everything the provider does, the binding check included. The
    // request metrics label the provider's requests by its route names, which Express never sees.
    provider.use(providerErrorBoundary(branding.messages, (ctx) => ctx.oidc?.route && this.httpMetrics.nameRoute(ctx.req, `oidc:${ctx.oidc.route}`)));
    // Every provider request spares round trips to the storage (see `rowsOfThisRequest`); at the token
    // endpoint the storage also holds its writes back and writes them together before the response (a
    // failure to write them reaches the boundary). Other requests pass straight on, without an async step.
    const tokenPath = provider.pathFor('token').toLowerCase();
    provider.use((ctx, next) => (ctx.method === 'POST' && ctx.path.toLowerCase() === tokenPath ? inOneRequest(next, { holdSaves: true }) : next()));
    provider.use(formPostWithoutInlineScript(branding.messages, provider.pathFor('authorization')));
    provider.use(requireBrowserBindingOnResume(provider, branding.messages));
    return provider;
  }
}

/** The provider of the boot's keys, in its holder; the claims provider's scopes are checked once, here. */
export const providerHolderFactory: FactoryProvider<ProviderHolder> = {
  provide: ProviderHolder,
  inject: [OidcProviderFactory, SigningKeysService, CLAIMS_PROVIDER, APP_CONFIG],
  useFactory: async (factory: OidcProviderFactory, signingKeys: SigningKeysService, claims: ClaimsProvider, config: AppConfig) => {
    const problems = scopeProblems(claims.scopes());
    if (problems.length > 0) throw new Error(`The claims provider's scopes cannot be used:\n  - ${problems.join('\n  - ')}`);
    const keys = await signingKeys.current();
    const provider = factory.build(keys);
    await validateClients(provider, config);
    return new ProviderHolder(provider, keys.fingerprint);
  },
};

/**
 * The provider checks a configured client's metadata only when it first looks the client up: here every one
 * is looked up once, so a client it would refuse (keys it cannot read, a combination it does not allow)
 * stops the boot with the client named instead of failing its first request.
 */
async function validateClients(provider: Provider, config: AppConfig): Promise<void> {
  for (const { client_id } of config.oidc.clients) {
    try {
      await provider.Client.find(client_id);
    } catch (error) {
      const reason = (error as { error_description?: string }).error_description ?? (error as Error).message;
      throw new Error(`The client ${client_id} cannot be used: ${reason}`, { cause: error });
    }
  }
}
