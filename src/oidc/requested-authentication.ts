import { type AuthenticationContext, meetsAcr } from './authentication-context.js';

/** What the client asked for about how the user signs in (OpenID Connect Core 3.1.2.1 and 5.5.1.1). */
export interface RequestedAuthentication {
  /** The acr values asked for, preferred first: from an `acr` claim request, else `acr_values`. */
  acrValues: string[];
  /** Asked as an essential claim: a sign-in meeting none of the values must not yield a token (5.5.1.1). */
  essential: boolean;
  /** `max_age` in seconds, when asked (the provider itself then demands a fresh sign-in). */
  maxAge?: number;
}

interface AcrClaimRequest {
  essential?: unknown;
  value?: unknown;
  values?: unknown;
}

/** From the authorization request's parameters as oidc-provider keeps them on the interaction. */
export function requestedAuthentication(params: Record<string, unknown>): RequestedAuthentication {
  const claim = acrClaimRequest(params.claims);
  const fromClaim = claim ? [claim.value, ...(Array.isArray(claim.values) ? claim.values : [])].filter((value): value is string => typeof value === 'string') : [];
  const fromParameter = typeof params.acr_values === 'string' ? params.acr_values.split(' ').filter(Boolean) : [];
  const maxAge = Number(params.max_age);
  return {
    acrValues: fromClaim.length > 0 ? fromClaim : fromParameter,
    essential: claim?.essential === true && fromClaim.length > 0,
    ...(Number.isInteger(maxAge) && maxAge >= 0 ? { maxAge } : {}),
  };
}

/** Whether a sign-in meets the request: no acr asked for, or one of those asked for. */
export function meetsRequest(context: AuthenticationContext, requested: RequestedAuthentication): boolean {
  return requested.acrValues.length === 0 || requested.acrValues.some((acr) => meetsAcr(context, acr));
}

/**
 * The acr the ID token claims: the first value asked for that the sign-in meets (a passkey sign-in
 * asked for the mfa level claims mfa, so the client sees what it asked for), else the sign-in's own.
 */
export function acrToClaim(context: AuthenticationContext, requested: RequestedAuthentication): string {
  return requested.acrValues.find((acr) => meetsAcr(context, acr)) ?? context.acr;
}

function acrClaimRequest(claims: unknown): AcrClaimRequest | undefined {
  if (typeof claims !== 'string') return undefined;
  try {
    const parsed = JSON.parse(claims) as { id_token?: { acr?: AcrClaimRequest }; userinfo?: { acr?: AcrClaimRequest } };
    const request = parsed?.id_token?.acr ?? parsed?.userinfo?.acr;
    return request && typeof request === 'object' ? request : undefined;
  } catch {
    return undefined;
  }
}
