import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';

/** One finished request, as the request-latency histogram records it. */
export interface ObservedRequest {
  /** A route pattern or a name (`/interaction/:uid/login`, `oidc:token`), never a raw path. */
  route: string;
  method: string;
  status: number;
  seconds: number;
}

/** Methods we label as they are; anything else (a fuzzer's `FOO`) is `OTHER`, so no request can add a series. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Where a request's route name is kept: on the request itself, under a key no one else has. (A WeakMap
 * keyed by request cost each provider request more than the histogram did: a hash for the request and
 * an entry the garbage collector must trace.)
 */
const ROUTE_NAME = Symbol('http-metrics.route-name');
type NamedRequest = IncomingMessage & { [ROUTE_NAME]?: string };

/** From a millisecond page to a stalled dependency's timeout (10 s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Request latency by route (`http_request_duration_seconds`). Labels stay bounded whatever clients send:
 * the route is the pattern that matched (Express's `req.route`) or a name given with `nameRoute` (the
 * provider's routes), else `(static)`, `(unmatched)` for a 404, or `(refused)` for what the edge or a
 * middleware answered itself.
 */
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the request to the end of the response, by route pattern, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
  }

  /** Records one request; callers that answer outside Express (a fast path in front of it) call this themselves. */
  observeRequest({ route, method, status, seconds }: ObservedRequest): void {
    this.duration.observe({ route, method: METHODS.has(method) ? method : 'OTHER', status: String(status) }, seconds);
  }

  /** Names the route of a request that Express does not route (the provider's own routing). */
  nameRoute(req: IncomingMessage, name: string): void {
    (req as NamedRequest)[ROUTE_NAME] = name;
  }

  /** The route label of a finished request. */
  routeOf(req: IncomingMessage, status: number): string {
    const named = (req as NamedRequest)[ROUTE_NAME];
    if (named) return named;
    const { route, baseUrl } = req as Partial<Request>;
    // Nest answers paths no controller has with a catch-all route (`{/*splat}`): that is no route of ours.
    if (typeof route?.path === 'string' && !route.path.includes('*')) return `${baseUrl ?? ''}${route.path}`;
    if (status === 404) return '(unmatched)';
    return status < 400 ? '(static)' : '(refused)';
  }

  /** The Express middleware: mount it first, so the time covers everything after it. */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.observeRequest({ route: this.routeOf(req, res.statusCode), method: req.method, status: res.statusCode, seconds });
      });
      next();
    };
  }
}
