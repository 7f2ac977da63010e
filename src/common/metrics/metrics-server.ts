import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { MetricsSettings } from '../config/metrics-environment.js';

const METRICS_PATH = '/metrics';

/**
 * `GET /metrics` in Prometheus's text format on a port of its own. A separate port rather than a route
 * of the app: the public listener (and the reverse proxy in front of it) never serves the figures, a
 * scraper reaches them on the internal network, and scrapes do not count in the app's own request
 * metrics. With a token, a scrape must present it as a bearer token (compared in constant time).
 * Nest calls `onApplicationBootstrap`/`onApplicationShutdown`; off (no port), it does nothing.
 */
export class MetricsServer {
  private server?: Server;
  private readonly tokenDigest?: Buffer;

  constructor(
    private readonly registry: Registry,
    private readonly settings: MetricsSettings | undefined,
  ) {
    if (settings?.token) this.tokenDigest = digest(settings.token);
  }

  /** Where it listens (`http://host:port`), once started; `undefined` when metrics are off. */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}${METRICS_PATH}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings) return;
    const server = createServer((req, res) => void this.answer(req, res));
    // A scrape is one small GET: a client that dawdles is dropped, never kept.
    server.requestTimeout = 10_000;
    server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.settings!.port, this.settings!.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if ((req.url ?? '').split('?')[0] !== METRICS_PATH) return refuse(res, 404, 'not_found', 'the metrics are at GET /metrics');
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return refuse(res, 405, 'method_not_allowed', 'the metrics are read with GET');
    }
    if (!this.authorised(req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return refuse(res, 401, 'unauthorized', 'a bearer token is required');
    }
    try {
      const body = await this.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body);
    } catch {
      refuse(res, 500, 'server_error', 'the metrics could not be collected');
    }
  }

  private authorised(header: string | undefined): boolean {
    if (!this.tokenDigest) return true;
    const presented = /^Bearer ([^\s]+)$/.exec(header ?? '')?.[1];
    return presented !== undefined && timingSafeEqual(digest(presented), this.tokenDigest);
  }
}

/** Equal-length values for `timingSafeEqual`, whatever was presented. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Errors in the JSON shape of the apps' other APIs. */
function refuse(res: ServerResponse, status: number, error: string, description: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error, error_description: description }));
}
