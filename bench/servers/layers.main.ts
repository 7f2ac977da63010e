import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import Provider from 'oidc-provider';
import { cookiePolicy } from '../../src/common/web/cookie-policy.js';
import { FrontDoor } from '../../src/common/web/front-door.js';
import { requestInput } from '../../src/common/web/request-input.js';
import { completionLogger, requestLogger } from '../../src/common/web/request-logging.js';
import { helmetOptions, securityHeaderLists, setHeaders, type SecurityHeadersOptions } from '../../src/common/web/security-headers.js';
import { PROVIDER_BODY_LIMIT_BYTES } from '../../src/provider-front-door.js';
import { childConfig, processUsage, serveParent } from '../lib/child-process.js';
import { freePort } from '../lib/free-port.js';
import { bareProviderConfiguration } from './bare-configuration.js';

/** One stack in front of the provider, on a server of its own. */
export interface Layer {
  name: string;
  title: string;
  url: string;
}

const HEADERS: SecurityHeadersOptions = { formActionOrigins: ['http://localhost:9'], connectOrigins: ['http://localhost:9'], hsts: false };
const LOG_LEVEL = 'silent';

export interface LayersChildConfig {
  /**
   * Only the front door, in a process that also holds the identity server's application, started and
   * idle on a port of its own: what the application's presence costs the same front door and provider
   * (its modules and their code make every garbage collection longer).
   */
  withApplication?: boolean;
}

/**
 * Where the overhead over the bare provider comes from: one provider instance (the bare provider's
 * configuration), behind each stack in turn, from Node's http server alone to the pipeline that served
 * the provider's paths before the front door (Express, then each of our layers in their order), and
 * the front door. Each stack listens on its own port; the bench loads one at a time.
 */
async function main(): Promise<void> {
  const { withApplication = false } = childConfig<LayersChildConfig>();
  const application = withApplication ? await idleApplication() : undefined;
  const ports = [await freePort()];
  const provider = new Provider(`http://localhost:${ports[0]}`, bareProviderConfiguration());
  const callback = provider.callback() as RequestListener;
  const logger = requestLogger(LOG_LEVEL, 'bench');
  const checkInput = requestInput({ bodyPolicy: () => ({ mode: 'raw', maxBytes: PROVIDER_BODY_LIMIT_BYTES }), refuse: (_req, res, refusal) => void res.writeHead(refusal.status).end() });
  const frontDoor = new FrontDoor({
    route: () => '/',
    handle: (req, res) => checkInput(req, res, () => callback(req, res)),
    fallback: (_req, res) => void res.writeHead(404).end(),
    headers: securityHeaderLists(HEADERS),
    secureCookies: false,
    logger: completionLogger(LOG_LEVEL, 'bench'),
  }).listener;
  // The floor under the front door: what any server that sends a request id and our headers on the
  // provider's JSON pays, set in the plainest way before the provider runs.
  const dataHeaders = securityHeaderLists(HEADERS).data;
  const byHand: RequestListener = (req, res) => {
    res.setHeader('X-Request-Id', randomUUID());
    setHeaders(res, dataHeaders);
    callback(req, res);
  };
  const inApplication = { name: 'front-door-in-app', title: 'the same front door, in a process that also holds our application (idle)', listener: frontDoor };
  const stacks: Array<{ name: string; title: string; listener: RequestListener }> = application ? [inApplication] : [
    { name: 'bare', title: 'bare oidc-provider on node:http', listener: callback },
    { name: 'by-hand', title: 'bare + a request id and the data headers, set by hand', listener: byHand },
    { name: 'express', title: '+ Express 5 (app.use)', listener: expressWith([]) },
    { name: 'pino-http', title: `+ pino-http (level ${LOG_LEVEL})`, listener: expressWith([logger]) },
    { name: 'helmet', title: '+ helmet', listener: expressWith([logger, helmet(helmetOptions(HEADERS))]) },
    { name: 'cookie-policy', title: '+ cookie policy', listener: expressWith([logger, helmet(helmetOptions(HEADERS)), cookiePolicy({ secure: false })]) },
    { name: 'input-checks', title: '+ input checks (the pipeline before the front door, less Nest)', listener: expressWith([logger, helmet(helmetOptions(HEADERS)), cookiePolicy({ secure: false }), checkInput]) },
    { name: 'front-door', title: 'front door: request id, headers, cookie policy, input checks on node:http', listener: frontDoor },
  ];

  function expressWith(layers: express.RequestHandler[]): RequestListener {
    const app = express();
    for (const layer of layers) app.use(layer);
    app.use((req, res) => void callback(req, res));
    return app as unknown as RequestListener;
  }

  const servers: Server[] = [];
  const layers: Layer[] = [];
  for (const [index, stack] of stacks.entries()) {
    const port = ports[index] ?? (await freePort());
    const server = createServer(stack.listener);
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    servers.push(server);
    layers.push({ name: stack.name, title: stack.title, url: `http://localhost:${port}` });
  }
  serveParent({ layers }, { usage: () => processUsage() }, async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    })));
    await application?.close();
  });
}

/**
 * The identity server as `npm start` builds it, on an in-memory PGlite, listening but sent nothing.
 * Imported only here: the other stacks' process must not hold the application's modules.
 */
async function idleApplication(): Promise<{ close(): Promise<void> }> {
  const { PgliteDatabase } = await import('../../src/database/pglite.database.js');
  const { migrate } = await import('../../src/database/migrations.js');
  const { createIdentityServer } = await import('../../src/identity-server.js');
  const { benchIdentityServerConfig } = await import('./identity-server-config.js');
  const db = await PgliteDatabase.open({});
  await migrate(db);
  const port = await freePort();
  const app = await createIdentityServer(benchIdentityServerConfig(port), { database: db });
  await app.listen(port, '127.0.0.1');
  return {
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

main().catch((error: unknown) => {
  console.error('per-layer servers (bench) failed to start:', error);
  process.exit(1);
});
