import type { NestExpressApplication } from '@nestjs/platform-express';
import { Authsignal } from '@authsignal/node';
import { type RunningEmulator, startEmulator, type TenantConfigInput } from '../../authsignal-emulator/src/emulator.js';
import { createIdentityServer } from '../../src/identity-server.js';
import type { IdentityServerOptions } from '../../src/identity-server.module.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Database } from '../../src/database/database.js';
import { freePort } from '../../bench/lib/free-port.js';

export const TEST_CLIENT_SECRET = 'test-client-app-secret-0123456789abcdef';

export interface RunningIdentityServer {
  app: NestExpressApplication;
  issuer: string;
  /** The port this instance listens on (the issuer's may be another instance's). */
  port: number;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The Authsignal settings of an identity server using `emulator` (`MFA_ENROLMENT` and the rest stay
 * at their defaults unless the caller's env says otherwise).
 */
export const authsignalEnv = (emulator: RunningEmulator): Record<string, string> => ({
  AUTHSIGNAL_API_URL: emulator.apiUrl,
  AUTHSIGNAL_SECRET_KEY: emulator.tenant.apiSecretKey,
  AUTHSIGNAL_TENANT_ID: emulator.tenant.tenantId,
});

/**
 * An identity server on a free loopback port, with `http://localhost:<port>` as its issuer, on the
 * given database. `env` overrides the environment it is configured from; `overrides` are the ports a
 * team would choose in `createIdentityServer` (the examples' user store, claims, policy, branding).
 *
 * Without Authsignal settings in `env` it gets an emulator of its own whose rules allow every sign-in,
 * with MFA enrolment optional: password sign-in then finishes at once, for suites about the protocol
 * rather than the second factor. That emulator stops with the server.
 */
export async function startIdentityServer(
  database: Database,
  env: Record<string, string> = {},
  port?: number,
  overrides: Omit<IdentityServerOptions, 'database'> = {},
): Promise<RunningIdentityServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(database, env, port ?? (await freePort()), overrides);
    } catch (error) {
      // Another test process may take a free port between our probe and our listen: try another.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port !== undefined || attempt === 5) throw error;
    }
  }
}

async function startOn(database: Database, env: Record<string, string>, listenPort: number, overrides: Omit<IdentityServerOptions, 'database'>): Promise<RunningIdentityServer> {
  const ownEmulator = env.AUTHSIGNAL_API_URL
    ? undefined
    : await startEmulator({ port: 0, logLevel: 'silent', tenants: [{ defaultOutcome: 'ALLOW', expectedOrigins: [`http://localhost:${listenPort}`] }] });
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(listenPort),
    ISSUER: `http://localhost:${listenPort}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    CLIENT_APP_CLIENT_SECRET: TEST_CLIENT_SECRET,
    SEED_DEMO_USERS: 'true',
    ...(ownEmulator ? { ...authsignalEnv(ownEmulator), MFA_ENROLMENT: 'optional' } : {}),
    ...env,
  });
  const close = async () => {
    await app.close();
    await ownEmulator?.close();
  };
  const app = await createIdentityServer(config, { ...overrides, database });
  try {
    await app.listen(listenPort, '127.0.0.1');
  } catch (error) {
    await close();
    throw error;
  }
  return { app, issuer: config.issuer, port: listenPort, config, close };
}

export interface IdentityServerWithEmulator {
  idp: RunningIdentityServer;
  emulator: RunningEmulator;
  /** The node SDK on the emulator's tenant, as the server uses it. */
  authsignal: Authsignal;
  close(): Promise<void>;
}

/**
 * An identity server with an Authsignal emulator of its own whose tenant expects the server's origin
 * (for passkeys): the MFA suites' usual pair. `tenant` sets the emulator's rules (its default outcome
 * for enrolled users is CHALLENGE).
 */
export async function startIdentityServerWithEmulator(
  database: Database,
  options: { tenant?: TenantConfigInput; env?: Record<string, string>; overrides?: Omit<IdentityServerOptions, 'database'> } = {},
): Promise<IdentityServerWithEmulator> {
  const port = await freePort();
  const emulator = await startEmulator({ port: 0, logLevel: 'silent', tenants: [{ ...options.tenant, expectedOrigins: [`http://localhost:${port}`] }] });
  try {
    const idp = await startIdentityServer(database, { ...authsignalEnv(emulator), ...options.env }, port, options.overrides);
    const authsignal = new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl });
    return { idp, emulator, authsignal, close: async () => {
      await idp.close();
      await emulator.close();
    } };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
