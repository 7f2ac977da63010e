import { describe, expect, it } from '@jest/globals';
import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import { introspectionPolicy, revocationPolicy } from './token-endpoint-policies.js';

const ctx = {} as KoaContextWithOIDC;
const aClient = (clientId: string, clientAuthMethod = 'client_secret_basic') => ({ clientId, clientAuthMethod }) as Client;
const aToken = (clientId: string, kind: 'AccessToken' | 'RefreshToken' | 'ClientCredentials' = 'AccessToken') => ({ clientId, kind }) as never;

describe(introspectionPolicy.name, () => {
  const allowed = introspectionPolicy(new Set(['orders-api']));

  it('lets a confidential client introspect its own tokens, of every kind', () => {
    for (const kind of ['AccessToken', 'RefreshToken', 'ClientCredentials'] as const) expect(allowed(ctx, aClient('intranet'), aToken('intranet', kind))).toBe(true);
  });

  it('lets a resource server introspect the access tokens of other clients, not their refresh tokens', () => {
    expect(allowed(ctx, aClient('orders-api'), aToken('intranet'))).toBe(true);
    expect(allowed(ctx, aClient('orders-api'), aToken('billing-job', 'ClientCredentials'))).toBe(true);
    expect(allowed(ctx, aClient('orders-api'), aToken('intranet', 'RefreshToken'))).toBe(false);
  });

  it('answers inactive to another client asking about someone else’s token, and to public clients', () => {
    expect(allowed(ctx, aClient('partner-crm'), aToken('intranet'))).toBe(false);
    expect(allowed(ctx, aClient('spa', 'none'), aToken('spa'))).toBe(false);
  });
});

describe(revocationPolicy.name, () => {
  const allowed = revocationPolicy();

  it('lets any client revoke its own tokens', () => {
    expect(allowed(ctx, aClient('intranet'), aToken('intranet', 'RefreshToken'))).toBe(true);
    expect(allowed(ctx, aClient('spa', 'none'), aToken('spa'))).toBe(true);
  });

  it('refuses a confidential client revoking another client’s token with a reason, and ignores a public client’s attempt', () => {
    expect(() => allowed(ctx, aClient('orders-api'), aToken('intranet'))).toThrow(
      expect.objectContaining({ error: 'invalid_request', error_description: 'client is not authorized to revoke the presented token' }),
    );
    expect(allowed(ctx, aClient('spa', 'none'), aToken('intranet'))).toBe(false);
  });
});
