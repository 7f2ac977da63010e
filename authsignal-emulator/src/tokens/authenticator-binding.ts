import { Errors } from '../common/api-error.js';
import { SCOPES } from '../common/authsignal.types.js';
import { hasScope, type TokenClaims } from './token.claims.js';

/**
 * Authenticator binding (reference §3.1): a user's first authenticator needs no particular scope, but adding
 * one more needs `add:authenticators`, which a track token only has when the server asked for it and which every
 * token returned after a successful challenge carries. Otherwise whoever holds a sign-in token could bind
 * their own authenticator to someone else's account.
 */
export function assertMayAddAuthenticator(claims: TokenClaims, isEnrolled: boolean): void {
  if (isEnrolled && !hasScope(claims, SCOPES.add)) throw Errors.insufficientScope();
}
