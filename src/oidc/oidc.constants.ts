/** Paths oidc-provider answers; everything else is ours (interaction pages, health, assets). */
const PROVIDER_PATH_PREFIXES = ['/auth', '/token', '/me', '/jwks', '/session/end', '/.well-known/', '/request', '/reg', '/device'];

export function isProviderPath(path: string): boolean {
  return PROVIDER_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/** The provider's own form post (the sign-out confirmation): it gets the same origin check as ours. */
export const END_SESSION_CONFIRM_PATH = '/session/end/confirm';
