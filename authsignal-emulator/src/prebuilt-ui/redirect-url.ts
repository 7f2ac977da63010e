/**
 * Appends `token=<token>` to the tracked redirect URL the way the pre-built UI does: after `&` when the URL
 * already has a query (Keycloak-style callbacks), before any fragment, leaving the existing query untouched.
 */
export function appendToken(redirectUrl: string, token: string): string {
  const hashAt = redirectUrl.indexOf('#');
  const base = hashAt === -1 ? redirectUrl : redirectUrl.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : redirectUrl.slice(hashAt);
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}token=${encodeURIComponent(token)}${fragment}`;
}
