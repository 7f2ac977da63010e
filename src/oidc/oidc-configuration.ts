import type { ClientMetadata, Configuration, JWKS, KoaContextWithOIDC } from 'oidc-provider';
import { type AppConfig, EXTRA_CLIENT_PROPERTIES, type OidcClientConfig } from '../config/app-config.js';
import { CLIENT_AUTH_METHODS } from '../config/client-authentication.schema.js';
import type { Database } from '../database/database.js';
import { ACR } from './authentication-context.js';
import { CookieSigner } from './cookie-signer.js';
import type { ClaimsProvider } from '../claims/claims-provider.js';
import type { UserStore } from '../users/user-store.js';
import { databaseAdapterFactory } from './database.adapter.js';
import { keepFirstPartyOfflineAccess } from './offline-access.js';
import { registeredUrlsOnly } from './outbound-fetch.js';
import type { Messages } from '../branding/messages.js';
import { asProviderOutage } from './provider-outage.js';
import { renderProviderPage } from './provider-pages.js';
import { signInPolicy } from './sign-in-policy.js';
import { introspectionPolicy, revocationPolicy } from './token-endpoint-policies.js';
import type { SigningKeySet } from './signing-keys.service.js';
import { TOKEN_LIFETIMES } from './token-lifetimes.js';

export interface ProviderDependencies {
  db: Database;
  signingKeys: SigningKeySet;
  users: UserStore;
  claims: ClaimsProvider;
  messages: Messages;
}

/** The server's own claims, on every ID token whatever the scopes: who, and how they signed in. */
const OPENID_CLAIMS = ['sub', 'acr', 'amr', 'auth_time'];
const RESERVED_CLAIMS = new Set(OPENID_CLAIMS);

/**
 * oidc-provider's configuration: authorization code + PKCE (S256) only, refresh tokens rotated on every
 * use, no implicit flow, no password grant, no `alg: none`, no development interactions.
 */
export function providerConfiguration(config: AppConfig, deps: ProviderDependencies): Configuration {
  const firstPartyClients = clientIdsWhere(config.oidc.clients, (client) => client.firstParty);
  const scopes = deps.claims.scopes();

  return {
    adapter: databaseAdapterFactory(deps.db),
    clients: config.oidc.clients.map(({ firstParty: _firstParty, resourceServer: _resourceServer, ...metadata }) => metadata as ClientMetadata),
    ...clientFacingConfiguration(config.oidc.clients, firstPartyClients),
    // Validated with the rest of the configuration at boot; the provider keeps them on the client's metadata.
    extraClientMetadata: { properties: [...EXTRA_CLIENT_PROPERTIES] },
    clientDefaults: { id_token_signed_response_alg: 'RS256', grant_types: ['authorization_code'], response_types: ['code'] },
    ...signingConfiguration(deps.signingKeys),
    cookies: {
      // keygrip's format, at a fraction of its cost per signed cookie read (see CookieSigner).
      keys: new CookieSigner(config.oidc.cookieKeys),
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    scopes: ['openid', 'offline_access', ...scopes.map((scope) => scope.name)],
    // How the user signed in travels with every ID token, not only when a client asks for it; the rest
    // is the claims provider's.
    claims: { openid: OPENID_CLAIMS, ...Object.fromEntries(scopes.map((scope) => [scope.name, scope.claims])) },
    // The client app shows profile claims from the ID token itself, not only from userinfo.
    conformIdTokenClaims: false,
    acrValues: Object.values(ACR),
    features: {
      devInteractions: { enabled: false },
      // Clients may ask for an essential acr (OpenID Connect Core 5.5.1.1); the sign-in flow honours it.
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      ...resourceServerFeatures(config.oidc.clients),
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => renderProviderPage(ctx, 'logout', { title: deps.messages.logout.title, form, host: ctx.host }),
        postLogoutSuccessSource: (ctx) => renderProviderPage(ctx, 'logged-out', { title: deps.messages.loggedOut.title }),
      },
    },
    ttl: { ...TOKEN_LIFETIMES },
    // Refresh tokens for every client allowed the grant, bound to the session unless offline_access
    // was consented; every use rotates the token and a reused one revokes the grant.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    interactions: { policy: signInPolicy(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: (ctx) => loadOrAutoGrant(ctx, firstPartyClients),
    findAccount: async (ctx, sub) => {
      const account = await deps.users.findById(sub).catch((error: unknown) => asProviderOutage(error, 'findAccount'));
      if (!account?.enabled) return undefined;
      const clientId = ctx.oidc.client?.clientId ?? '';
      return {
        accountId: account.id,
        // It is essential to always return `sub`, and only ours; the provider filters the rest by what was granted.
        claims: async (use, scope) => {
          const values = await deps.claims.claims({ account, clientId, use, scopes: scope.split(' ').filter(Boolean) }).catch((error: unknown) => asProviderOutage(error, 'claims'));
          return { ...Object.fromEntries(Object.entries(values).filter(([name]) => !RESERVED_CLAIMS.has(name))), sub: account.id };
        },
      };
    },
    renderError: (ctx, out) =>
      renderProviderPage(
        ctx,
        'error',
        out.error === 'temporarily_unavailable'
          ? deps.messages.errors.outage
          : { title: deps.messages.errors.invalidRequest.title, message: out.error_description ?? deps.messages.errors.invalidRequest.message, code: out.error },
      ),
  };
}

/**
 * The keys, each algorithm's signing key first (the provider signs with the first it finds), and the
 * algorithms clients may ask for: those with a key that signs now, which discovery lists. Published keys
 * of other algorithms (retired, or dropped from SIGNING_ALGORITHMS) still verify what they signed.
 */
function signingConfiguration(keys: SigningKeySet): Pick<Configuration, 'jwks' | 'enabledJWA'> {
  return {
    jwks: { keys: keys.keys } as JWKS,
    // Signed userinfo responses are not enabled; RS256 is the one default left for them.
    enabledJWA: { idTokenSigningAlgValues: [...keys.signingAlgorithms], userinfoSigningAlgValues: ['RS256'] },
  };
}

/**
 * The session's existing grant for this client; for first-party clients, one covering everything
 * requested, so their users never see a consent page.
 */
async function loadOrAutoGrant(ctx: KoaContextWithOIDC, firstPartyClients: Set<string>) {
  const { client, session, result, provider } = ctx.oidc;
  if (!client || !session) return undefined;
  const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (!firstPartyClients.has(client.clientId) || !session.accountId) return existing;

  const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
  const claims = Object.keys(ctx.oidc.claims.id_token ?? {}).concat(Object.keys(ctx.oidc.claims.userinfo ?? {}));
  if (claims.length > 0) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}

const clientIdsWhere = (clients: OidcClientConfig[], test: (client: OidcClientConfig) => boolean): Set<string> =>
  new Set(clients.filter(test).map((client) => client.client_id));

/**
 * What clients may send and how they authenticate: every authentication method discovery lists can be
 * registered in the clients file, a first-party client keeps `offline_access` without `prompt=consent`
 * (see `keepFirstPartyOfflineAccess`), and the provider calls out only to the URLs the clients registered.
 */
function clientFacingConfiguration(clients: OidcClientConfig[], firstPartyClients: ReadonlySet<string>): Configuration {
  const registeredUrls = clients.flatMap((client) => [client.jwks_uri, client.backchannel_logout_uri].filter((url): url is string => url !== undefined));
  return {
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    extraParams: { scope: keepFirstPartyOfflineAccess(firstPartyClients) },
    fetch: registeredUrlsOnly(registeredUrls),
  };
}

/**
 * For resource servers and the applications a user signs out of: token introspection (RFC 7662) and
 * revocation (RFC 7009) with their policies, and OpenID Connect Back-Channel Logout 1.0 for clients that
 * registered a `backchannel_logout_uri` (delivered when the session ends; failures are logged, see
 * `logProviderRefusals`, and never stop the user's logout).
 */
function resourceServerFeatures(clients: OidcClientConfig[]): NonNullable<Configuration['features']> {
  return {
    introspection: { enabled: true, allowedPolicy: introspectionPolicy(clientIdsWhere(clients, (client) => client.resourceServer)) },
    revocation: { enabled: true, allowedPolicy: revocationPolicy() },
    backchannelLogout: { enabled: true },
  };
}
