/** Injection token of the provider's endpoints (`ProviderEndpoints`), read from its own discovery document at start. */
export const OIDC_PROVIDER_ENDPOINTS = Symbol('OIDC_PROVIDER_ENDPOINTS');
