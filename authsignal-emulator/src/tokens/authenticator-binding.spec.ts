import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { assertMayAddAuthenticator } from './authenticator-binding.js';
import type { TokenClaims } from './token.claims.js';

const claims = (scope: string): TokenClaims => ({
  sub: 'u',
  iat: 0,
  exp: 1,
  jti: 'j',
  scope,
  other: { tenantId: 't', publishableKey: 't', userId: 'u', actionCode: 'a', idempotencyKey: 'k' },
});

describe('assertMayAddAuthenticator', () => {
  it('lets anyone enrol a first authenticator', () => {
    expect(() => assertMayAddAuthenticator(claims('read:authenticators'), false)).not.toThrow();
  });

  it('needs add:authenticators for a second one', () => {
    expect(() => assertMayAddAuthenticator(claims('read:authenticators add:authenticators'), true)).not.toThrow();
    try {
      assertMayAddAuthenticator(claims('read:authenticators'), true);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('insufficient_scope');
      expect((error as ApiError).status).toBe(403);
    }
  });
});
