import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import type { ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { CLIENT_AUTH_METHODS } from '../../src/config/client-authentication.schema.js';
import { ACR } from '../../src/oidc/authentication-context.js';
import { BENCH_SECRET, benchUser, ES256_WEB_CLIENT, MACHINE_CLIENT, UNCHECKED_USER, USER_RANGES, WEB_CLIENT } from './bench-fixtures.js';
import { UnboundedMemoryAdapter } from './memory-adapter.js';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/** The password-only bench users, by username, as the bare provider's minimal login knows them. */
export const bareUsers = new Map(
  Array.from({ length: USER_RANGES.passwordOnly.count }, (_, index) => benchUser(USER_RANGES.passwordOnly.from + index)).map((user) => [user.username, user]),
);
/** The accounts the provider finds by id: the password users, and the one its login signs in unchecked (`UNCHECKED_USER`). */
const usersById = new Map<string, { id: string; username: string; email: string }>([...bareUsers.values(), UNCHECKED_USER].map((user) => [user.id, user]));

/**
 * The baseline's oidc-provider configuration, like ours: the same keys, features, PKCE S256, rotation, the same clients,
 * scopes, claims and TTLs, with an in-memory adapter unless told another. Shared by the bare provider and
 * the per-layer servers, so each layer is measured over the same provider.
 */
export function bareProviderConfiguration(adapter: Configuration['adapter'] = UnboundedMemoryAdapter): Configuration {
  // One key per algorithm, as ours has by default (SIGNING_ALGORITHMS): the same JWKS to serve, the same discovery.
  const keys = [
    signingKey('RS256', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    signingKey('ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
    signingKey('EdDSA', generateKeyPairSync('ed25519').privateKey),
  ];
  return {
    adapter,
    clients: [
      codeFlowClient(WEB_CLIENT),
      { ...codeFlowClient(ES256_WEB_CLIENT), id_token_signed_response_alg: ES256_WEB_CLIENT.idTokenSignedResponseAlg },
      { client_id: MACHINE_CLIENT.clientId, client_secret: MACHINE_CLIENT.clientSecret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
    ],
    clientDefaults: { id_token_signed_response_alg: 'RS256', grant_types: ['authorization_code'], response_types: ['code'] },
    jwks: { keys } as Configuration['jwks'],
    cookies: { keys: [BENCH_SECRET], long: { httpOnly: true, sameSite: 'lax', signed: true }, short: { httpOnly: true, sameSite: 'lax', signed: true } },
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
    conformIdTokenClaims: false,
    enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256', 'EdDSA'], userinfoSigningAlgValues: ['RS256'] },
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    acrValues: Object.values(ACR),
    // The features ours enables: discovery and the provider's routing cost the same on both sides.
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    ttl: { AccessToken: 60 * MINUTE, AuthorizationCode: MINUTE, ClientCredentials: 10 * MINUTE, IdToken: 60 * MINUTE, Interaction: 60 * MINUTE, RefreshToken: 14 * DAY, Session: 14 * DAY, Grant: 14 * DAY },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: autoGrant,
    findAccount: async (_ctx, sub) => {
      const user = usersById.get(sub);
      if (!user) return undefined;
      return { accountId: user.id, claims: () => ({ sub: user.id, name: user.username, preferred_username: user.username, email: user.email, email_verified: true }) };
    },
  };
}

const signingKey = (alg: string, privateKey: KeyObject) => ({ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg, use: 'sig' });

/** A relying party of the code flow, registered as ours registers the client app. */
function codeFlowClient(client: { clientId: string; clientSecret: string; redirectUri: string }): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: [client.redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  };
}

/** Every client here is first party: grant what was asked, as our loadExistingGrant does for first-party clients. */
async function autoGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = session.grantIdFor(client.clientId);
  const grant = (grantId ? await provider.Grant.find(grantId) : undefined) ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
  await grant.save();
  return grant;
}
