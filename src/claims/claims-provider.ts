import type { Account } from '../users/user-store.js';

/** Injection token of the `ClaimsProvider` port. */
export const CLAIMS_PROVIDER = Symbol('CLAIMS_PROVIDER');

/** A scope a client may ask for: the claims it releases, and how the consent page words it. */
export interface ScopeDefinition {
  /** As clients ask for it (`scope=openid org`): letters, digits and `_ - : .`. */
  name: string;
  claims: string[];
  /** What the consent page says the client will see, e.g. "Your department and groups". */
  description: string;
}

/** Whose claims, for which client, for which token. */
export interface ClaimsRequest {
  account: Account;
  clientId: string;
  /** `id_token` or `userinfo`: where the claims go. */
  use: string;
  /** The scopes granted for this token. */
  scopes: string[];
}

/**
 * What the tokens say about a user: the **claims provider port**. It names the scopes beyond `openid`
 * and `offline_access` (which the server always has), the claims of each, the consent page's wording,
 * and the claims' values for an account and a client. The default, `StandardClaims`, has `profile`
 * (`name`, `preferred_username`) and `email` (`email`, `email_verified`) from the user store's account.
 * A team adds its own (`department`, `groups` under an `org` scope, say) in
 * `IdentityServerModule.forRoot({ claims })`, usually by extending `StandardClaims`.
 *
 * `sub`, `acr`, `amr` and `auth_time` are the server's own and cannot be overridden. A value may be
 * returned for any claim: the provider keeps only those of the scopes (and claims) granted.
 */
export interface ClaimsProvider {
  scopes(): ScopeDefinition[];
  claims(request: ClaimsRequest): Promise<Record<string, unknown>>;
}

const SCOPE_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const BUILT_IN_SCOPES = new Set(['openid', 'offline_access']);
const SERVER_CLAIMS = new Set(['sub', 'acr', 'amr', 'auth_time']);

/** What is wrong with a claims provider's scopes, checked once at start: a bad port fails the boot, not a sign-in. */
export function scopeProblems(scopes: ScopeDefinition[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const scope of scopes) {
    if (!SCOPE_NAME.test(scope.name)) problems.push(`scope "${scope.name}": names are 1-64 letters, digits or _ . : -`);
    if (BUILT_IN_SCOPES.has(scope.name)) problems.push(`scope "${scope.name}" is the server's own`);
    if (seen.has(scope.name)) problems.push(`scope "${scope.name}" is defined twice`);
    seen.add(scope.name);
    for (const claim of scope.claims.filter((name) => SERVER_CLAIMS.has(name))) problems.push(`scope "${scope.name}": the ${claim} claim is the server's own`);
    if (!scope.description.trim()) problems.push(`scope "${scope.name}" needs a description for the consent page`);
  }
  return problems;
}
