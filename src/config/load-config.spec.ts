import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { clientsFile } from '../../test/support/clients-file.js';
import { DEVELOPMENT_SECRETS } from './config.schema.js';
import { ConfigError, loadConfig } from './load-config.js';

const productionEnv = {
  NODE_ENV: 'production',
  ISSUER: 'https://auth.example.com',
  COOKIE_KEYS: 'a'.repeat(32) + ',' + 'b'.repeat(32),
  CSRF_SECRET: 'c'.repeat(32),
  CLIENT_APP_CLIENT_SECRET: 'd'.repeat(32),
  SIGNING_KEY_SECRET: 'e'.repeat(32),
  CLIENT_APP_URL: 'https://app.example.com',
  AUTHSIGNAL_API_URL: 'https://api.authsignal.com/v1',
  AUTHSIGNAL_SECRET_KEY: 'production-authsignal-secret',
  AUTHSIGNAL_TENANT_ID: 'tenant-1',
};

describe(loadConfig.name, () => {
  it('starts with development defaults and no environment at all', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.http.port).toBe(5001);
    expect(config.issuer).toBe('http://localhost:5001');
    expect(config.database.url).toBeUndefined();
    expect(config.seedDemoUsers).toBe(true);
    expect(config.oidc.clients[0]).toMatchObject({
      client_id: 'client-app',
      client_name: 'Example App',
      redirect_uris: ['http://localhost:5002/callback'],
      firstParty: true,
    });
  });

  it('waits for the disk on every commit and pools 10 connections unless the operator says otherwise', () => {
    expect(loadConfig({}).database).toMatchObject({ poolSize: 10, relaxedCommits: false });
    expect(loadConfig({ DATABASE_POOL_SIZE: '32', DATABASE_RELAXED_COMMITS: 'true' }).database).toMatchObject({ poolSize: 32, relaxedCommits: true });
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ DATABASE_RELAXED_COMMITS: 'sometimes' })).toThrow(/DATABASE_RELAXED_COMMITS/);
  });

  it("reads the pre-built UI's origins, the API's origin by default", () => {
    expect(loadConfig({ AUTHSIGNAL_API_URL: 'https://api.authsignal.com/v1' }).authsignal.prebuiltUiOrigins).toEqual(['https://api.authsignal.com']);
    expect(loadConfig({ AUTHSIGNAL_PREBUILT_UI_ORIGINS: 'https://mfa.example.com, https://login.example.com:8443/' }).authsignal.prebuiltUiOrigins).toEqual([
      'https://mfa.example.com',
      'https://login.example.com:8443',
    ]);
    expect(() => loadConfig({ AUTHSIGNAL_PREBUILT_UI_ORIGINS: 'https://mfa.example.com/prebuilt' })).toThrow(/AUTHSIGNAL_PREBUILT_UI_ORIGINS\S*: must be origins only/);
    expect(() => loadConfig({ AUTHSIGNAL_PREBUILT_UI_ORIGINS: 'javascript:alert(1)' })).toThrow(/AUTHSIGNAL_PREBUILT_UI_ORIGINS/);
    expect(() => loadConfig({ ...productionEnv, AUTHSIGNAL_PREBUILT_UI_ORIGINS: 'http://mfa.example.com' })).toThrow(/AUTHSIGNAL_PREBUILT_UI_ORIGINS: must be https in production/);
  });

  it('names the variable when a value is invalid', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ CSRF_SECRET: 'short' })).toThrow(/CSRF_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });

  it('points at the local Authsignal emulator by default, MFA required', () => {
    expect(loadConfig({}).authsignal).toEqual({
      apiUrl: 'http://localhost:5003/v1',
      secretKey: 'dev-secret',
      tenantId: 'dev-tenant',
      signInAction: 'identity-server-login',
      passkeyAction: 'passkey-sign-in',
      emailCodeAction: 'email-code-sign-in',
      prebuiltUiOrigins: ['http://localhost:5003'],
      mfaEnrolment: 'required',
    });
    expect(() => loadConfig({ MFA_ENROLMENT: 'sometimes' })).toThrow(/MFA_ENROLMENT: must be required or optional/);
    expect(() => loadConfig({ AUTHSIGNAL_SIGN_IN_ACTION: 'has spaces' })).toThrow(/AUTHSIGNAL_SIGN_IN_ACTION/);
  });

  it('still reads MFA_ENROLLMENT, the earlier spelling, with a notice; the new name wins', () => {
    expect(loadConfig({ MFA_ENROLLMENT: 'optional' })).toMatchObject({ authsignal: { mfaEnrolment: 'optional' }, notices: [expect.stringMatching(/MFA_ENROLMENT/)] });
    expect(loadConfig({ MFA_ENROLLMENT: 'optional', MFA_ENROLMENT: 'required' })).toMatchObject({ authsignal: { mfaEnrolment: 'required' }, notices: [] });
  });

  it('offers email-code sign-in outside production unless told otherwise, and in production only when chosen', () => {
    expect(loadConfig({}).emailCodeSignIn).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).emailCodeSignIn).toBe(true);
    expect(loadConfig({ EMAIL_CODE_SIGN_IN: 'false' }).emailCodeSignIn).toBe(false);
    expect(loadConfig(productionEnv).emailCodeSignIn).toBe(false);
    expect(loadConfig({ ...productionEnv, EMAIL_CODE_SIGN_IN: 'true' }).emailCodeSignIn).toBe(true);
    expect(() => loadConfig({ EMAIL_CODE_SIGN_IN: 'sometimes' })).toThrow(/EMAIL_CODE_SIGN_IN: must be true or false/);
    expect(() => loadConfig({ AUTHSIGNAL_EMAIL_CODE_ACTION: 'a/b' })).toThrow(/AUTHSIGNAL_EMAIL_CODE_ACTION/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(5001);
  });

  it('accepts a complete production configuration without demo users', () => {
    const config = loadConfig(productionEnv);
    expect(config.seedDemoUsers).toBe(false);
    expect(config.http.secureCookies).toBe(true);
    expect(config.oidc.cookieKeys).toHaveLength(2);
  });

  it.each([
    ['COOKIE_KEYS', DEVELOPMENT_SECRETS.COOKIE_KEYS],
    ['CSRF_SECRET', DEVELOPMENT_SECRETS.CSRF_SECRET],
    ['CLIENT_APP_CLIENT_SECRET', DEVELOPMENT_SECRETS.CLIENT_APP_CLIENT_SECRET],
    ['SIGNING_KEY_SECRET', DEVELOPMENT_SECRETS.SIGNING_KEY_SECRET],
    ['SEED_DEMO_USERS', 'true'],
    ['ISSUER', 'http://auth.example.com'],
    ['AUTHSIGNAL_SECRET_KEY', 'dev-secret'],
    ['AUTHSIGNAL_API_URL', 'http://localhost:5003/v1'],
  ])('refuses %s=%s in production', (name, value) => {
    expect(() => loadConfig({ ...productionEnv, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...productionEnv, [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it('refuses development secrets when production leaves them at their defaults', () => {
    const { CSRF_SECRET: _omitted, ...withoutCsrfSecret } = productionEnv;
    expect(() => loadConfig(withoutCsrfSecret)).toThrow(/CSRF_SECRET/);
  });

  it('signs with RS256, ES256 and EdDSA keys by default, and always with RS256', () => {
    expect(loadConfig({}).oidc.signingKeys).toEqual({ algorithms: ['RS256', 'ES256', 'EdDSA'], propagationSeconds: 86_400, refreshSeconds: 30 });
    expect(loadConfig({ SIGNING_ALGORITHMS: 'RS256, EdDSA' }).oidc.signingKeys.algorithms).toEqual(['RS256', 'EdDSA']);
    expect(() => loadConfig({ SIGNING_ALGORITHMS: 'ES256' })).toThrow(/SIGNING_ALGORITHMS: must include RS256/);
    expect(() => loadConfig({ SIGNING_ALGORITHMS: 'RS256,HS256' })).toThrow(/SIGNING_ALGORITHMS.*must be one of RS256, ES256, EdDSA/);
    expect(() => loadConfig({ SIGNING_KEY_PROPAGATION_SECONDS: '10', SIGNING_KEYS_REFRESH_SECONDS: '30' })).toThrow(/SIGNING_KEY_PROPAGATION_SECONDS: must be at least SIGNING_KEYS_REFRESH_SECONDS/);
  });

  it('refuses at boot a client whose ID token algorithm has no signing key, naming the client', () => {
    const file = clientsFile([{ client_id: 'fast', client_secret: 'f'.repeat(32), redirect_uris: ['https://fast.example/cb'], grant_types: ['authorization_code'], id_token_signed_response_alg: 'ES256' }]);
    try {
      expect(loadConfig(file.env).oidc.clients[1]).toMatchObject({ client_id: 'fast', id_token_signed_response_alg: 'ES256' });
      expect(() => loadConfig({ ...file.env, SIGNING_ALGORITHMS: 'RS256' })).toThrow(
        'OIDC_CLIENTS_FILE fast: id_token_signed_response_alg ES256 has no signing key; add it to SIGNING_ALGORITHMS (now RS256)',
      );
    } finally {
      file.remove();
    }
    const bad = clientsFile([{ client_id: 'x', client_secret: 'f'.repeat(32), redirect_uris: ['https://x.example/cb'], grant_types: ['authorization_code'], id_token_signed_response_alg: 'none' }]);
    try {
      expect(() => loadConfig(bad.env)).toThrow(/OIDC_CLIENTS_FILE 0\.id_token_signed_response_alg/);
    } finally {
      bad.remove();
    }
  });

  it('serves metrics only when a port is set, on loopback unless told otherwise, and beyond it only with a token', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(() => loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toThrow(/METRICS_HOST: metrics on 0.0.0.0 \(not loopback\) need METRICS_TOKEN/);
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: 't'.repeat(32) }).metrics).toEqual({ host: '0.0.0.0', port: 9464, token: 't'.repeat(32) });
    expect(() => loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 32 characters/);
  });

  it('reports an unreadable clients file by name', () => {
    expect(() => loadConfig({ OIDC_CLIENTS_FILE: '/nonexistent/clients.json' })).toThrow(/OIDC_CLIENTS_FILE/);
  });

  describe('clients file', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1' };
    const withClients = (clients: object[], env: Record<string, string> = {}) => {
      const file = clientsFile(clients);
      try {
        return loadConfig({ ...env, ...file.env });
      } finally {
        file.remove();
      }
    };
    const machine = (overrides: object) => ({ client_id: 'job', grant_types: ['client_credentials'], ...overrides });

    it('accepts each client authentication method with what it needs, and a resource server without grants', () => {
      const config = withClients([
        machine({ client_id: 'a', client_secret: 's'.repeat(32), token_endpoint_auth_method: 'client_secret_post' }),
        machine({ client_id: 'b', client_secret: 's'.repeat(32), token_endpoint_auth_method: 'client_secret_jwt' }),
        machine({ client_id: 'c', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] } }),
        machine({ client_id: 'd', token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://d.example/jwks' }),
        { client_id: 'api', client_secret: 's'.repeat(32), grant_types: [], resource_server: true },
      ]);
      expect(config.oidc.clients.map((client) => [client.client_id, client.resourceServer])).toEqual([['client-app', false], ['a', false], ['b', false], ['c', false], ['d', false], ['api', true]]);
      expect(config.oidc.clients[0]).toMatchObject({ backchannel_logout_uri: 'http://localhost:5002/backchannel-logout', backchannel_logout_session_required: true });
    });

    it.each([
      ['a secret method without a secret', machine({ token_endpoint_auth_method: 'client_secret_basic' }), /0\.client_secret[\s\S]*client_secret_basic needs a client_secret/],
      ['private_key_jwt without keys', machine({ token_endpoint_auth_method: 'private_key_jwt' }), /private_key_jwt needs exactly one of jwks and jwks_uri/],
      ['private_key_jwt with both kinds of keys', machine({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] }, jwks_uri: 'https://x.example/jwks' }), /exactly one of jwks and jwks_uri/],
      ['a private key in jwks', machine({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [privateKey.export({ format: 'jwk' })] } }), /must be a public key \(it has the private member d\)/],
      ['a key that is not one', machine({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'RSA', n: 'AQAB' }] } }), /is not a usable public key/],
      ['a secret on a public client', { client_id: 'spa', client_secret: 's'.repeat(32), token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] }, /none does not use a client_secret/],
      ['no grant types outside a resource server', machine({ client_secret: 's'.repeat(32), grant_types: [] }), /only a resource_server may have none/],
      ['an unknown authentication method', machine({ token_endpoint_auth_method: 'tls_client_auth' }), /token_endpoint_auth_method/],
    ])('refuses %s, naming the setting', (_case, client, message) => {
      expect(() => withClients([client])).toThrow(message);
    });

    it('requires https for a jwks_uri and a back-channel logout URI in production', () => {
      const client = machine({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'http://jobs.internal/jwks', backchannel_logout_uri: 'http://jobs.internal/logout' });
      expect(() => withClients([client], productionEnv)).toThrow(/0\.jwks_uri: must be https in production[\s\S]*0\.backchannel_logout_uri: must be https/);
      expect(() => withClients([client])).not.toThrow();
    });
  });
});
