import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { AUTHSIGNAL_TENANT, BENCH_SECRET, WEB_CLIENT } from './bench-fixtures.js';

/** The identity server's configuration in the bench: as `npm start` has it, silent, on loopback, with the bench's clients and tenant. */
export function benchIdentityServerConfig(port: number, options: { clientsFile?: string; authsignalApiUrl?: string } = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    ISSUER: `http://localhost:${port}`,
    LOG_LEVEL: 'silent',
    COOKIE_KEYS: BENCH_SECRET,
    CSRF_SECRET: BENCH_SECRET,
    SIGNING_KEY_SECRET: BENCH_SECRET,
    CLIENT_APP_URL: WEB_CLIENT.appUrl,
    CLIENT_APP_CLIENT_ID: WEB_CLIENT.clientId,
    CLIENT_APP_CLIENT_SECRET: WEB_CLIENT.clientSecret,
    ...(options.clientsFile ? { OIDC_CLIENTS_FILE: options.clientsFile } : {}),
    SEED_DEMO_USERS: 'false',
    // Attempts count while they are checked and are given back when they succeed: the bench's parallel sign-ins
    // from one address must not trip the per-address limit while in flight.
    LOGIN_MAX_FAILURES_PER_IP: '1000000',
    AUTHSIGNAL_API_URL: options.authsignalApiUrl ?? '',
    AUTHSIGNAL_SECRET_KEY: AUTHSIGNAL_TENANT.secretKey,
    AUTHSIGNAL_TENANT_ID: AUTHSIGNAL_TENANT.tenantId,
    // Users without a second factor sign in with the password alone; enrolled users always get their challenge.
    MFA_ENROLMENT: 'optional',
  });
}
