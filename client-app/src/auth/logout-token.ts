import { errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { LogoutNotice } from './session-store.js';

/** The event a logout token must carry (OpenID Connect Back-Channel Logout 1.0 2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Clock difference tolerated between the identity server and us. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** A logout token is acted on at once; an older one (by `iat`) is refused even if it has no `exp`. */
const MAX_TOKEN_AGE_SECONDS = 300;
/** `jti`, `sid` and `sub` are short identifiers; anything longer is not a token we issued. */
const MAX_IDENTIFIER_LENGTH = 255;

export interface LogoutTokenExpectations {
  issuer: string;
  /** Our client id. */
  audience: string;
  /** The identity server's keys (its JWKS). */
  keys: JWTVerifyGetKey;
  /** The signing algorithms the identity server advertises for ID tokens, which it also uses here. */
  algorithms: string[];
}

/** Why a logout token was not acted on, in words fit for the `error_description` the identity server logs. */
export class LogoutTokenRejectedError extends Error {
  constructor(
    readonly reason: string,
    /** The identity server's keys could not be fetched: our failure, not the token's. */
    readonly keysUnavailable = false,
    options?: { cause?: unknown },
  ) {
    super(`The logout token was refused: ${reason}`, options);
  }
}

/**
 * Validates a logout token as OpenID Connect Back-Channel Logout 1.0 2.6 says: signed by the identity
 * server (its JWKS, one of its algorithms, never `none`), its `iss`, our client id in `aud`, `iat` recent and
 * `exp` (when present) not passed, explicitly typed `logout+jwt` when typed at all, the back-channel logout
 * event, a `sid` or a `sub`, a `jti`, and no `nonce` (which tells it from an ID token). Replays are the
 * store's to catch (`SessionStore.endSessions`), across instances.
 */
export async function verifyLogoutToken(token: string, expected: LogoutTokenExpectations): Promise<LogoutNotice> {
  let payload: Record<string, unknown>;
  let typ: string | undefined;
  try {
    const verified = await jwtVerify(token, expected.keys, {
      issuer: expected.issuer,
      audience: expected.audience,
      algorithms: expected.algorithms.filter((alg) => alg !== 'none'),
      requiredClaims: ['iat', 'jti', 'events'],
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    payload = verified.payload as Record<string, unknown>;
    typ = verified.protectedHeader.typ;
  } catch (error) {
    const keysUnavailable = error instanceof errors.JWKSTimeout || (error instanceof Error && !(error instanceof errors.JOSEError));
    throw new LogoutTokenRejectedError(keysUnavailable ? 'the identity server’s keys could not be fetched' : (error as Error).message, keysUnavailable, { cause: error });
  }
  if (typ !== undefined && !/^(application\/)?logout\+jwt$/i.test(typ)) throw new LogoutTokenRejectedError(`it is typed ${typ}, not logout+jwt`);
  const events = payload.events;
  if (!isObject(events) || !isObject(events[BACKCHANNEL_LOGOUT_EVENT])) throw new LogoutTokenRejectedError('it carries no back-channel logout event');
  if ('nonce' in payload) throw new LogoutTokenRejectedError('it has a nonce, as an ID token would');
  const subject = identifier(payload, 'sub');
  const providerSession = identifier(payload, 'sid');
  const tokenId = identifier(payload, 'jti');
  if (tokenId === undefined) throw new LogoutTokenRejectedError('its jti is not an identifier');
  if (subject === undefined && providerSession === undefined) throw new LogoutTokenRejectedError('it names neither a sid nor a sub');
  const iat = payload.iat as number;
  const until = typeof payload.exp === 'number' ? Math.min(payload.exp, iat + MAX_TOKEN_AGE_SECONDS) : iat + MAX_TOKEN_AGE_SECONDS;
  return { subject, providerSession, tokenId, replayableUntil: new Date((until + CLOCK_TOLERANCE_SECONDS) * 1000) };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A claim that must be a short string when present; present and anything else refuses the token. */
function identifier(payload: Record<string, unknown>, claim: 'sub' | 'sid' | 'jti'): string | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_IDENTIFIER_LENGTH) throw new LogoutTokenRejectedError(`its ${claim} is not an identifier`);
  return value;
}
