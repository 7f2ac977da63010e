/** Injection token of the oidc-provider `Provider` instance. */
export const OIDC_PROVIDER = Symbol('OIDC_PROVIDER');

/** Injection token of the provider's endpoints (`ProviderEndpoints`), read from its own discovery document at start. */
export const OIDC_PROVIDER_ENDPOINTS = Symbol('OIDC_PROVIDER_ENDPOINTS');
