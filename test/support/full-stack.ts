import { Authsignal } from '@authsignal/node';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type RunningEmulator, startEmulator, type TenantConfigInput } from '../../authsignal-emulator/src/emulator.js';
import { startClientApp } from '../../client-app/src/client-app.js';
import { loadClientAppConfig } from '../../client-app/src/config/client-app.config.js';
import type { ClientAppConfig } from '../../client-app/src/config/client-app-config.js';
import { ACR } from '../../src/oidc/authentication-context.js';
import { freePort } from '../../bench/lib/free-port.js';
import { authsignalEnv, type RunningIdentityServer, startIdentityServer, TEST_CLIENT_SECRET } from './identity-server.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from './test-database.js';

/**
 * Password-only sign-in (Authsignal allows every sign-in, enrolment optional), for suites about something
 * else; the client app then lets a password sign-in manage passkeys too (no step-up).
 */
export const PASSWORD_ONLY_STACK: FullStackOptions = {
  tenant: { defaultOutcome: 'ALLOW' },
  identityServerEnv: { MFA_ENROLMENT: 'optional' },
  clientAppEnv: { PASSKEYS_REQUIRED_ACR: ACR.password },
};

export interface FullStackOptions {
  /** Emulator tenant settings (its expected origins are always the two apps'). */
  tenant?: TenantConfigInput;
  /** Identity server environment on top of the Authsignal settings. */
  identityServerEnv?: Record<string, string>;
  /** Client app environment on top of its wiring to the other two. */
  clientAppEnv?: Record<string, string>;
}

export interface FullStack {
  emulator: RunningEmulator;
  idp: RunningIdentityServer;
  /** `http://localhost:<port>`: WebAuthn with RP ID `localhost` refuses 127.0.0.1. */
  clientUrl: string;
  /** The client app's live config: a test may shorten a window on it instead of waiting. */
  clientConfig: ClientAppConfig;
  clientApp: NestExpressApplication;
  /** The node SDK on the emulator's tenant. */
  authsignal: Authsignal;
  /**
   * Another instance of the client app, as a load balancer would have beside the first: the same config and
   * public URL, its own port (`url`), the same session store (on PostgreSQL, a pool of its own). Stops with the stack.
   */
  anotherClientApp(): Promise<{ app: NestExpressApplication; url: string }>;
  stop(): Promise<void>;
}

/**
 * The three processes of `npm start`, in this process, on free loopback ports: the Authsignal emulator,
 * the identity server (on a test database) and the client app (its sessions in the same test database),
 * wired to each other as in development.
 */
export async function startFullStack(options: FullStackOptions = {}): Promise<FullStack> {
  const [idpPort, clientPort] = [await freePort(), await freePort()];
  const clientUrl = `http://localhost:${clientPort}`;
  const emulator = await startEmulator({
    port: 0,
    logLevel: 'silent',
    tenants: [{ ...options.tenant, expectedOrigins: [`http://localhost:${idpPort}`, clientUrl] }],
  });
  let testDb: TestDatabase | undefined;
  let idp: RunningIdentityServer | undefined;
  let clientApp: NestExpressApplication | undefined;
  let clientConfig: ClientAppConfig;
  const moreClientApps: NestExpressApplication[] = [];
  const stop = async () => {
    for (const instance of moreClientApps) await instance.close();
    await clientApp?.close();
    await idp?.close();
    await testDb?.close();
    // A test may have stopped it already (Authsignal outage).
    await emulator.close().catch(() => undefined);
  };
  try {
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, { CLIENT_APP_URL: clientUrl, ...authsignalEnv(emulator), ...options.identityServerEnv }, idpPort);
    clientConfig = loadClientAppConfig({
      NODE_ENV: 'test',
      CLIENT_APP_PORT: String(clientPort),
      CLIENT_APP_URL: clientUrl,
      OIDC_ISSUER: idp.issuer,
      CLIENT_APP_CLIENT_SECRET: TEST_CLIENT_SECRET,
      AUTHSIGNAL_API_URL: emulator.apiUrl,
      AUTHSIGNAL_SECRET_KEY: emulator.tenant.apiSecretKey,
      AUTHSIGNAL_TENANT_ID: emulator.tenant.tenantId,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      ...options.clientAppEnv,
    });
    // Sessions in the shared store, as in production: beside the identity server's tables (on PostgreSQL, a pool of its own).
    clientApp = (await startClientApp(clientConfig, { database: testDatabaseUrl() ? testDb.reopen() : testDb.db })).app;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    emulator,
    idp,
    clientUrl,
    clientConfig,
    clientApp: clientApp!,
    authsignal: new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl }),
    anotherClientApp: async () => {
      const started = await startClientApp({ ...clientConfig, http: { ...clientConfig.http, port: 0 } }, { database: testDatabaseUrl() ? testDb!.reopen() : testDb!.db });
      moreClientApps.push(started.app);
      return started;
    },
    stop,
  };
}
