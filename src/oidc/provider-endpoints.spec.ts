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
    const routes: Record<string, string> = {
      '/token': '/token',
      '/TOKEN': '/token',
      '/token/introspection': '/token/introspection',
      '/token/revocation': '/token/revocation',
      '/jwks': '/jwks',
      '/me': '/me',
      '/auth': '/auth',
      '/auth/abc123': '/auth/…',
      '/session/end': '/session/end',
      '/session/end/confirm': '/session/end/…',
      '/.well-known/openid-configuration': '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server': '/.well-known/oauth-authorization-server',
      '/.well-known/anything-else': '/.well-known/…',
    };
    expect(Object.fromEntries(Object.keys(routes).map((path) => [path, endpoints.routeOf(path)]))).toEqual(routes);
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
