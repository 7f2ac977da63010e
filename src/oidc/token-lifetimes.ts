const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long each provider artifact lives, in seconds (oidc-provider's `ttl`). */
export const TOKEN_LIFETIMES = {
  AccessToken: HOUR,
  AuthorizationCode: MINUTE,
  ClientCredentials: 10 * MINUTE,
  IdToken: HOUR,
  Interaction: HOUR,
  RefreshToken: 14 * DAY,
  Session: 14 * DAY,
  Grant: 14 * DAY,
} as const;

/**
 * How long a retired signing key stays published: until nothing it signed can still be presented. What
 * our keys sign are ID tokens (access tokens are opaque). An ID token is a bearer credential until it
 * expires (`IdToken`), but the provider also accepts it as the `id_token_hint` of a sign-out after that,
 * for as long as the session it came from may last (`Session`): the longer of the two.
 */
export const RETIRED_KEY_RETENTION_SECONDS = Math.max(TOKEN_LIFETIMES.IdToken, TOKEN_LIFETIMES.Session);
