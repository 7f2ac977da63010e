import type { Client, KoaContextWithOIDC } from 'oidc-provider';

const OFFLINE_ACCESS = 'offline_access';

/** The routes whose requests the provider's scope check has already run on (see `keepFirstPartyOfflineAccess`). */
const AUTHORIZATION_ROUTES = new Set(['authorization', 'pushed_authorization_request']);

/**
 * OpenID Connect Core 11: the provider honours `offline_access` when `prompt` contains `consent` "unless
 * other conditions for processing the request permitting offline access to the requested resources are in
 * place". oidc-provider knows only the first: without `prompt=consent` it drops the scope from the request
 * before any hook of ours runs, yet we still issue a (session-bound) refresh token, and a relying party that
 * repeats its scope on refresh is then refused (`invalid_scope`, "refresh token missing requested scope").
 *
 * For a first-party client the automatic consent (`loadOrAutoGrant`) is that other condition: this puts
 * `offline_access` back into the request when the client sent it, may use refresh tokens, asks for a code,
 * and its registered `scope` (when it has one) allows it. Everything downstream (the interaction, the code,
 * the refresh token, the token response's `scope`) then carries it as if the client had sent
 * `prompt=consent`. Third-party clients keep the provider's rule: they ask with `prompt=consent` and see it
 * on the consent page.
 *
 * It is the validator of the `scope` parameter (`extraParams`): the provider runs those after its scope
 * check, on authorization requests and on pushed authorization requests alike.
 */
export function keepFirstPartyOfflineAccess(firstPartyClients: ReadonlySet<string>) {
  return (ctx: KoaContextWithOIDC, scope: string | undefined, client: Client): void => {
    const { params, route } = ctx.oidc;
    if (!params || !AUTHORIZATION_ROUTES.has(route) || !firstPartyClients.has(client.clientId)) return;
    const granted = scope?.split(' ').filter(Boolean) ?? [];
    if (granted.includes(OFFLINE_ACCESS) || !scopeAsSent(ctx).includes(OFFLINE_ACCESS)) return;
    const responseType = typeof params.response_type === 'string' ? params.response_type.split(' ') : [];
    const allowedByClient = client.scope === undefined || client.scope.split(' ').includes(OFFLINE_ACCESS);
    if (!responseType.includes('code') || !client.grantTypeAllowed('refresh_token') || !allowedByClient) return;
    params.scope = [...granted, OFFLINE_ACCESS].join(' ');
  };
}

/**
 * The scope as the client sent it, before the provider's check: in the query or form of the request, or in
 * the pushed request a `request_uri` names (stored by the provider itself, after this validator ran on it).
 */
function scopeAsSent(ctx: KoaContextWithOIDC): string[] {
  const pushed = ctx.oidc.entities.PushedAuthorizationRequest;
  const source: unknown = pushed ? payloadOf(pushed.request) : ctx.method === 'POST' ? ctx.oidc.body : ctx.query;
  const scope = (source as { scope?: unknown } | undefined)?.scope;
  return typeof scope === 'string' ? scope.split(' ') : [];
}

/** The claims of the provider's own unsigned request object (`header.payload.`); anything else reads as none. */
function payloadOf(requestObject: unknown): unknown {
  if (typeof requestObject !== 'string') return undefined;
  try {
    return JSON.parse(Buffer.from(requestObject.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
