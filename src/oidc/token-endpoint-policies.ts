import { type AccessToken, type Client, type ClientCredentials, errors, type KoaContextWithOIDC, type RefreshToken } from 'oidc-provider';

type IntrospectedToken = AccessToken | ClientCredentials | RefreshToken;

/**
 * Who may learn what about a token at the introspection endpoint (RFC 7662): a confidential client about its
 * own tokens, and a resource server (`resource_server` in the clients file) about the access tokens every
 * client presents to it. Anything else answers `{ "active": false }`, as for a token that does not exist, so
 * the endpoint cannot be used to probe other clients' tokens. Public clients have no credentials to prove
 * who is asking and are refused.
 */
export function introspectionPolicy(resourceServers: ReadonlySet<string>) {
  return (_ctx: KoaContextWithOIDC, caller: Client, token: IntrospectedToken): boolean => {
    if (caller.clientAuthMethod === 'none') return false;
    if (token.clientId === caller.clientId) return true;
    return resourceServers.has(caller.clientId) && token.kind !== 'RefreshToken';
  };
}

/**
 * RFC 7009 2.1: a client revokes only tokens issued to it; another client's token is refused with a reason
 * (a public client's attempt is answered as if it worked, as the provider does, since it proves nothing).
 * Revoking a refresh token ends its whole grant (the provider's default `revokeGrantPolicy`).
 */
export function revocationPolicy() {
  return (_ctx: KoaContextWithOIDC, caller: Client, token: IntrospectedToken): boolean => {
    if (token.clientId === caller.clientId) return true;
    if (caller.clientAuthMethod === 'none') return false;
    throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
  };
}
