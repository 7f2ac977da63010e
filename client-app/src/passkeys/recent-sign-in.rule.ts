/** An `auth_time` this far ahead of our clock is accepted as clock skew between us and the identity server. */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * Whether the sign-in behind an ID token is recent enough for a sensitive step (adding or removing a passkey):
 * its `auth_time` (seconds since the epoch, OIDC Core §2) is at most `maxAgeSeconds` before `nowSeconds`.
 * A missing or malformed `auth_time` is never recent, nor is one implausibly far in the future.
 */
export function isRecentSignIn(authTime: unknown, nowSeconds: number, maxAgeSeconds: number): boolean {
  if (typeof authTime !== 'number' || !Number.isFinite(authTime)) return false;
  const age = nowSeconds - authTime;
  return age <= maxAgeSeconds && age >= -CLOCK_SKEW_SECONDS;
}
