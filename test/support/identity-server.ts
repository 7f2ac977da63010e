import type { NestExpressApplication } from '@nestjs/platform-express';
import { createIdentityServer } from '../../src/app.setup.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Database } from '../../src/database/database.js';
import { freePort } from './free-port.js';

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
 * An identity server on a free loopback port, with `http://localhost:<port>` as its issuer, on the
 * given database. `env` overrides the environment it is configured from.
 */
export async function startIdentityServer(
  database: Database,
  env: Record<string, string> = {},
  port?: number,
): Promise<RunningIdentityServer> {
  const listenPort = port ?? (await freePort());
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(listenPort),
    ISSUER: `http://localhost:${listenPort}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    CLIENT_APP_CLIENT_SECRET: TEST_CLIENT_SECRET,
    SEED_DEMO_USERS: 'true',
    ...env,
  });
  const app = await createIdentityServer(config, { database });
  await app.listen(listenPort, '127.0.0.1');
  return { app, issuer: config.issuer, port: listenPort, config, close: () => app.close() };
}
