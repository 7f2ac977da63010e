import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
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
import { LAYER_STACKS, type LayerStackName } from './layer-stacks.js';

/** One stack in front of the provider, on a server of its own. */
export interface Layer {
  name: string;
  title: string;
  url: string;
}

const HEADERS: SecurityHeadersOptions = { formActionOrigins: ['http://localhost:9'], connectOrigins: ['http://localhost:9'], hsts: false };
const LOG_LEVEL = 'silent';

export interface LayersChildConfig {
  /** The stack this process serves (`layer-stacks.ts`). */
  stack: LayerStackName;
}

/**
 * Where the overhead over the bare provider comes from: one provider instance (the bare provider's
 * configuration) behind one stack of `LAYER_STACKS`, in a process of its own. `front-door-in-app` also
 * holds the identity server's application, started and idle on a port of its own: what the
 * application's presence costs the same front door and provider.
 */
async function main(): Promise<void> {
  const { stack } = childConfig<LayersChildConfig>();
  const title = LAYER_STACKS.find((candidate) => candidate.name === stack)?.title;
  if (!title) throw new Error(`no stack named ${stack}`);
  const application = stack === 'front-door-in-app' ? await idleApplication() : undefined;
  const port = await freePort();
  const provider = new Provider(`http://localhost:${port}`, bareProviderConfiguration());
  const callback = provider.callback() as RequestListener;
  const server = createServer(listenerFor(stack, callback));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const layers: Layer[] = [{ name: stack, title, url: `http://localhost:${port}` }];
  serveParent({ layers }, { usage: () => processUsage() }, async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await application?.close();
  });
}

/** The stack's listener in front of the provider's callback; only that stack's layers are built. */
function listenerFor(stack: LayerStackName, callback: RequestListener): RequestListener {
  const logger = () => requestLogger(LOG_LEVEL, 'bench');
  const helmetLayer = () => helmet(helmetOptions(HEADERS));
  const checkInput = requestInput({ bodyPolicy: () => ({ mode: 'raw', maxBytes: PROVIDER_BODY_LIMIT_BYTES }), refuse: (_req, res, refusal) => void res.writeHead(refusal.status).end() });
  const expressWith = (layers: express.RequestHandler[]): RequestListener => {
    const app = express();
    for (const layer of layers) app.use(layer);
    app.use((req, res) => void callback(req, res));
    return app as unknown as RequestListener;
  };
  switch (stack) {
    case 'bare':
      return callback;
    case 'by-hand': {
      // The floor under the front door: what any server that sends a request id and our headers on the
      // provider's JSON pays, set in the plainest way before the provider runs.
      const dataHeaders = securityHeaderLists(HEADERS).data;
      return (req, res) => {
        res.setHeader('X-Request-Id', randomUUID());
        setHeaders(res, dataHeaders);
        callback(req, res);
      };
    }
    case 'express':
      return expressWith([]);
    case 'pino-http':
      return expressWith([logger()]);
    case 'helmet':
      return expressWith([logger(), helmetLayer()]);
    case 'cookie-policy':
      return expressWith([logger(), helmetLayer(), cookiePolicy({ secure: false })]);
    case 'input-checks':
      return expressWith([logger(), helmetLayer(), cookiePolicy({ secure: false }), checkInput]);
    case 'front-door':
    case 'front-door-in-app':
      return new FrontDoor({
        route: () => '/',
        handle: (req, res) => checkInput(req, res, () => callback(req, res)),
        fallback: (_req, res) => void res.writeHead(404).end(),
        headers: securityHeaderLists(HEADERS),
        secureCookies: false,
        logger: completionLogger(LOG_LEVEL, 'bench'),
      }).listener;
  }
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
