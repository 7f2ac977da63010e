import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientsFile } from '../../test/support/clients-file.js';
import { fakeUserStore } from '../../test/support/identity-server-testing.js';
import { Registry } from 'prom-client';
import { resolveBranding } from '../branding/branding.js';
import { HttpMetrics } from '../common/metrics/http-metrics.js';
import { IdentityServerMetrics } from '../metrics/identity-server-metrics.js';
import { StandardClaims } from '../claims/standard-claims.provider.js';
import { loadConfig } from '../config/load-config.js';
import type { Database } from '../database/database.js';
import { OidcProviderFactory } from './oidc-provider.factory.js';
import { generateSigningKey } from './signing-key-algorithms.js';
import type { SigningKeySet } from './signing-keys.service.js';

/** Building a provider reads no data: the database is only used by its requests. */
const unusedDatabase = {} as Database;

describe(OidcProviderFactory.name, () => {
  const factoryFor = (env: Record<string, string>) => {
    const registry = new Registry();
    return new OidcProviderFactory(loadConfig(env), unusedDatabase, fakeUserStore(), new StandardClaims(), resolveBranding(), new IdentityServerMetrics(registry), new HttpMetrics(registry));
  };
  const keySet = async (...algs: Array<'RS256' | 'ES256' | 'EdDSA'>): Promise<SigningKeySet> => ({
    keys: await Promise.all(algs.map((alg) => generateSigningKey(alg))),
    signingAlgorithms: algs,
    fingerprint: algs.join(),
  });

  it('refuses to build a provider when a client’s ID token algorithm has no key that signs, naming the client', async () => {
    const file = clientsFile([{ client_id: 'fast', client_secret: 'f'.repeat(32), redirect_uris: ['https://fast.example/cb'], grant_types: ['authorization_code'], id_token_signed_response_alg: 'ES256' }]);
    try {
      const factory = factoryFor(file.env);
      expect(() => factory.build({ keys: [], signingAlgorithms: ['RS256'], fingerprint: '' })).toThrow('No signing key for the ID tokens of fast (ES256): keys sign RS256');
      expect(factory.build(await keySet('RS256', 'ES256')).issuer).toBe('http://localhost:5001');
    } finally {
      file.remove();
    }
  });

  it('advertises exactly the algorithms that have a signing key', async () => {
    const provider = factoryFor({}).build(await keySet('RS256', 'EdDSA'));
    const discovery = await fetchDiscovery(provider);
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256', 'EdDSA']);
  });
});

async function fetchDiscovery(provider: ReturnType<OidcProviderFactory['build']>): Promise<Record<string, unknown>> {
  const server = createServer(provider.callback()).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json();
  } finally {
    server.close();
  }
}
