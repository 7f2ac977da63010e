import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import Provider, { type Configuration } from 'oidc-provider';
import { discoverProviderEndpoints } from './provider-endpoints.js';

/** Storage and keys of its own, so the provider does not fall back to its development defaults (and warn); discovery touches neither. */
const essentials = (): Configuration => ({
  adapter: class {} as unknown as Configuration['adapter'],
  jwks: { keys: [{ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256' }] } as Configuration['jwks'],
});

const provider = (features: Record<string, { enabled: boolean }>, more: Configuration = {}) =>
  new Provider('http://localhost:5901', { ...essentials(), features: { devInteractions: { enabled: false }, ...features }, ...more });

describe(discoverProviderEndpoints.name, () => {
  it("reads the provider's routes from its own discovery document, with the paths below them", async () => {
    const endpoints = await discoverProviderEndpoints(provider({ revocation: { enabled: true }, introspection: { enabled: true } }));
    expect(endpoints.routeOf('/token')).toBe('/token');
    expect(endpoints.routeOf('/TOKEN')).toBe('/token');
    expect(endpoints.routeOf('/token/introspection')).toBe('/token/introspection');
    expect(endpoints.routeOf('/token/revocation')).toBe('/token/revocation');
    expect(endpoints.routeOf('/jwks')).toBe('/jwks');
    expect(endpoints.routeOf('/me')).toBe('/me');
    expect(endpoints.routeOf('/auth')).toBe('/auth');
    expect(endpoints.routeOf('/auth/abc123')).toBe('/auth/…');
    expect(endpoints.routeOf('/session/end')).toBe('/session/end');
    expect(endpoints.routeOf('/session/end/confirm')).toBe('/session/end/…');
    expect(endpoints.routeOf('/.well-known/openid-configuration')).toBe('/.well-known/openid-configuration');
    expect(endpoints.routeOf('/.well-known/oauth-authorization-server')).toBe('/.well-known/oauth-authorization-server');
    expect(endpoints.routeOf('/.well-known/anything-else')).toBe('/.well-known/…');
    expect(endpoints.endSessionConfirmPath).toBe('/session/end/confirm');
  });

  it('leaves every other path to the app', async () => {
    const endpoints = await discoverProviderEndpoints(provider({}));
    for (const path of ['/', '/interaction/abc', '/interaction/abc/login', '/health', '/ready', '/css/site.css', '/authorize', '/tokens', '/mex']) {
      expect(endpoints.routeOf(path)).toBeNull();
    }
  });

  it('follows the configuration: an endpoint enabled or moved is included, one not enabled is not', async () => {
    const moved = provider({ registration: { enabled: true } }, { routes: { token: '/oauth/token', registration: '/clients' } });
    const endpoints = await discoverProviderEndpoints(moved);
    expect(endpoints.routeOf('/oauth/token')).toBe('/oauth/token');
    expect(endpoints.routeOf('/clients/some-client')).toBe('/clients/…');
    expect(endpoints.routeOf('/token')).toBeNull();
    expect((await discoverProviderEndpoints(provider({}))).routeOf('/reg')).toBeNull();
  });
});
