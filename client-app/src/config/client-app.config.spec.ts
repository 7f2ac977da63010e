import { describe, expect, it } from '@jest/globals';
import { DEVELOPMENT_SECRETS } from '../../../src/config/config.schema.js';
import { CLIENT_APP_DEVELOPMENT_SECRETS, ClientAppConfigError, loadClientAppConfig } from './client-app.config.js';

const productionEnv = {
  NODE_ENV: 'production',
  CLIENT_APP_URL: 'https://app.example.com',
  OIDC_ISSUER: 'https://auth.example.com',
  CLIENT_APP_CLIENT_SECRET: 'c'.repeat(32),
  CLIENT_APP_SESSION_SECRET: 's'.repeat(32),
  TRUST_PROXY: 'true',
  AUTHSIGNAL_API_URL: 'https://api.authsignal.com/v1',
  AUTHSIGNAL_SECRET_KEY: 'live-secret-from-the-portal',
  AUTHSIGNAL_TENANT_ID: 'tenant-1234',
  CLIENT_APP_DATABASE_URL: 'postgres://app@db.example.com:5432/client_app',
};

describe(loadClientAppConfig.name, () => {
  it('starts with development defaults and no environment at all', () => {
    const config = loadClientAppConfig({});
    expect(config).toMatchObject({
      env: 'development',
      logLevel: 'info',
      http: { host: '127.0.0.1', port: 5002, trustProxy: false },
      url: 'http://localhost:5002',
      session: { secureCookies: false },
      oidc: {
        issuer: 'http://localhost:5001',
        clientId: 'client-app',
        scope: 'openid profile email offline_access',
        redirectUri: 'http://localhost:5002/callback',
        postLogoutRedirectUri: 'http://localhost:5002/',
      },
    });
  });

  it('reaches the local Authsignal emulator by default, with the enrolment action and recent sign-in window', () => {
    expect(loadClientAppConfig({})).toMatchObject({
      authsignal: { apiUrl: 'http://localhost:5003/v1', secretKey: 'dev-secret', tenantId: 'dev-tenant' },
      passkeys: { enrolmentAction: 'add-passkey', recentSignInSeconds: 600, requiredAcr: ['urn:nest-identity:acr:mfa', 'urn:nest-identity:acr:passkey'] },
    });
  });

  it('reads the Authsignal tenant, the enrolment action and the recent sign-in window', () => {
    const config = loadClientAppConfig({
      AUTHSIGNAL_API_URL: 'https://eu.api.authsignal.com/v1/',
      AUTHSIGNAL_SECRET_KEY: 'secret-1',
      AUTHSIGNAL_TENANT_ID: 'tenant-1',
      PASSKEY_ENROLMENT_ACTION: 'enrol_passkey-2',
      RECENT_SIGN_IN_SECONDS: '300',
    });
    expect(config.authsignal).toEqual({ apiUrl: 'https://eu.api.authsignal.com/v1', secretKey: 'secret-1', tenantId: 'tenant-1' });
    expect(config.passkeys).toEqual({ enrolmentAction: 'enrol_passkey-2', recentSignInSeconds: 300, requiredAcr: ['urn:nest-identity:acr:mfa', 'urn:nest-identity:acr:passkey'] });
  });

  it.each([
    ['AUTHSIGNAL_API_URL', 'ftp://api.authsignal.com'],
    ['PASSKEY_ENROLMENT_ACTION', 'add passkey'],
    ['PASSKEY_ENROLMENT_ACTION', 'a'.repeat(65)],
    ['PASSKEY_ENROLMENT_ACTION', '../users'],
    ['RECENT_SIGN_IN_SECONDS', 'ten'],
    ['RECENT_SIGN_IN_SECONDS', '0'],
    ['RECENT_SIGN_IN_SECONDS', '1.5'],
  ])('names %s when it is %s', (name, value) => {
    expect(() => loadClientAppConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it("uses the identity server's development client secret, so both start unconfigured", () => {
    expect(loadClientAppConfig({}).oidc.clientSecret).toBe(DEVELOPMENT_SECRETS.CLIENT_APP_CLIENT_SECRET);
  });

  it('derives a CSRF key distinct from the session secret', () => {
    const { session } = loadClientAppConfig({});
    expect(session.csrfSecret).toHaveLength(43);
    expect(session.csrfSecret).not.toBe(session.secret);
  });

  it('builds the redirect URIs from the public URL, without a trailing slash', () => {
    const config = loadClientAppConfig({ CLIENT_APP_URL: 'https://app.example.com/', CLIENT_APP_PORT: '0', TRUST_PROXY: 'true' });
    expect(config.http.port).toBe(0);
    expect(config.oidc.redirectUri).toBe('https://app.example.com/callback');
    expect(config.session.secureCookies).toBe(true);
  });

  it('names the variable when a value is invalid', () => {
    expect(() => loadClientAppConfig({ CLIENT_APP_PORT: 'eighty' })).toThrow(/CLIENT_APP_PORT/);
    expect(() => loadClientAppConfig({ CLIENT_APP_PORT: '70000' })).toThrow(/CLIENT_APP_PORT/);
    expect(() => loadClientAppConfig({ OIDC_ISSUER: 'ftp://auth' })).toThrow(/OIDC_ISSUER: must be an http\(s\) URL/);
    expect(() => loadClientAppConfig({ CLIENT_APP_URL: 'http://localhost:5002/app' })).toThrow(/CLIENT_APP_URL: must be an origin/);
    expect(() => loadClientAppConfig({ CLIENT_APP_SESSION_SECRET: 'short' })).toThrow(/CLIENT_APP_SESSION_SECRET: must be at least 32/);
    expect(() => loadClientAppConfig({ CLIENT_APP_SCOPE: 'profile email' })).toThrow(/CLIENT_APP_SCOPE: must include openid/);
    expect(() => loadClientAppConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
    expect(() => loadClientAppConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('requires trusting the proxy when the public URL is https, or the Secure session cookie would never be set', () => {
    expect(() => loadClientAppConfig({ CLIENT_APP_URL: 'https://app.example.com' })).toThrow(/TRUST_PROXY: must be true/);
  });

  it('serves metrics on a port of its own only when one is set, beyond loopback only with a token', () => {
    expect(loadClientAppConfig({}).metrics).toBeUndefined();
    expect(loadClientAppConfig({ CLIENT_APP_METRICS_PORT: '9465' }).metrics).toEqual({ host: '127.0.0.1', port: 9465 });
    expect(() => loadClientAppConfig({ CLIENT_APP_METRICS_PORT: '9465', CLIENT_APP_METRICS_HOST: '10.0.0.5' })).toThrow(
      /CLIENT_APP_METRICS_HOST: metrics on 10.0.0.5 \(not loopback\) need CLIENT_APP_METRICS_TOKEN/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadClientAppConfig({ CLIENT_APP_PORT: '' }).http.port).toBe(5002);
  });

  it('accepts a complete production configuration', () => {
    const config = loadClientAppConfig(productionEnv);
    expect(config.env).toBe('production');
    expect(config.http.trustProxy).toBe(true);
    expect(config.session.secureCookies).toBe(true);
  });

  it.each([
    ['CLIENT_APP_CLIENT_SECRET', CLIENT_APP_DEVELOPMENT_SECRETS.CLIENT_APP_CLIENT_SECRET],
    ['CLIENT_APP_SESSION_SECRET', CLIENT_APP_DEVELOPMENT_SECRETS.CLIENT_APP_SESSION_SECRET],
    ['CLIENT_APP_URL', 'http://app.example.com'],
    ['OIDC_ISSUER', 'http://auth.example.com'],
    ['AUTHSIGNAL_SECRET_KEY', 'dev-secret'],
    ['AUTHSIGNAL_API_URL', 'http://localhost:5003/v1'],
    ['CLIENT_APP_DATABASE_URL', undefined],
  ])('refuses %s=%s in production', (name, value) => {
    expect(() => loadClientAppConfig({ ...productionEnv, [name]: value })).toThrow(ClientAppConfigError);
    expect(() => loadClientAppConfig({ ...productionEnv, [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it('refuses development secrets when production leaves them at their defaults', () => {
    const { CLIENT_APP_SESSION_SECRET: _omitted, ...withoutSessionSecret } = productionEnv;
    expect(() => loadClientAppConfig(withoutSessionSecret)).toThrow(/CLIENT_APP_SESSION_SECRET/);
    const { AUTHSIGNAL_SECRET_KEY: _secret, ...withoutAuthsignalSecret } = productionEnv;
    expect(() => loadClientAppConfig(withoutAuthsignalSecret)).toThrow(/AUTHSIGNAL_SECRET_KEY/);
  });

  it('keeps sessions in memory by default, and in the database CLIENT_APP_DATABASE_URL names, with bounded calls', () => {
    expect(loadClientAppConfig({}).session.database).toBeUndefined();
    expect(loadClientAppConfig({ CLIENT_APP_DATABASE_URL: 'postgres://app@db:5432/sessions', CLIENT_APP_DATABASE_QUERY_TIMEOUT_MS: '2000' }).session.database).toEqual({
      url: 'postgres://app@db:5432/sessions',
      timeouts: { connectMs: 3000, queryMs: 2000 },
    });
    expect(() => loadClientAppConfig({ CLIENT_APP_DATABASE_URL: 'redis://cache:6379' })).toThrow(/CLIENT_APP_DATABASE_URL: must be a postgres:\/\/ URL/);
  });
});
