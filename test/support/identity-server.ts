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
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(database, env, port ?? (await freePort()));
    } catch (error) {
      // Another test process may take a free port between our probe and our listen: try another.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port !== undefined || attempt === 5) throw error;
    }
  }
}

async function startOn(database: Database, env: Record<string, string>, listenPort: number): Promise<RunningIdentityServer> {
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
  try {
    await app.listen(listenPort, '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  return { app, issuer: config.issuer, port: listenPort, config, close: () => app.close() };
}
