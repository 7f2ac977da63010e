/** Injection token of the oidc-provider `Provider` instance. */
export const OIDC_PROVIDER = Symbol('OIDC_PROVIDER');

/** Paths oidc-provider answers; everything else is ours (interaction pages, health, assets). */
export const PROVIDER_PATH_PREFIXES = ['/auth', '/token', '/me', '/jwks', '/session/end', '/.well-known/', '/request', '/reg', '/device'];
