/**
 * Claims of the emulator's client tokens, the claim set historic Authsignal SDKs decoded (reference §4), so an
 * application that still checks the token locally with `jwt.verify(token, secret)` keeps working.
 */
export interface TokenClaims {
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  /** Space-separated, e.g. `read:authenticators add:authenticators`. */
  scope: string;
  other: {
    tenantId: string;
    publishableKey: string;
    userId: string;
    email?: string;
    phoneNumber?: string;
    username?: string;
    actionCode: string;
    idempotencyKey: string;
  };
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Narrows a verified payload to the claims the emulator issues; anything else is not one of its tokens. */
export function asTokenClaims(payload: Record<string, unknown>): TokenClaims | undefined {
  const other = payload.other as Record<string, unknown> | undefined;
  if (
    !isString(payload.sub) ||
    typeof payload.iat !== 'number' ||
    typeof payload.exp !== 'number' ||
    typeof payload.scope !== 'string' ||
    typeof other !== 'object' ||
    other === null ||
    !isString(other.tenantId) ||
    !isString(other.actionCode) ||
    !isString(other.idempotencyKey)
  ) {
    return undefined;
  }
  return payload as unknown as TokenClaims;
}

export function hasScope(claims: TokenClaims, scope: string): boolean {
  return claims.scope.split(' ').includes(scope);
}
