import { describe, expect, it } from '@jest/globals';
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

  it('reports an unreadable clients file by name', () => {
    expect(() => loadConfig({ OIDC_CLIENTS_FILE: '/nonexistent/clients.json' })).toThrow(/OIDC_CLIENTS_FILE/);
  });
});
