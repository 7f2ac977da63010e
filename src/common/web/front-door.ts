import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { applyCookiePolicy, beforeHeadersLeave } from './cookie-policy.js';
import { logCompletion, requestId } from './request-logging.js';
import { headersFor, type SecurityHeaderLists, setMissingHeaders } from './security-headers.js';

/** A request the front door answered, as its completion observers see it. */
export interface RequestCompletion {
  /** The request itself, for what an observer keeps per request (the provider's route name, say). */
  req: IncomingMessage;
  /** The route, never the raw path (`/token`, `/auth/…`): bounded, fit for a metric label. */
  route: string;
  method: string;
  status: number;
  durationMs: number;
}

/** Told of every request the front door answered, when it is done (request metrics, say). */
export type CompletionObserver = (completion: RequestCompletion) => void;

export interface FrontDoorOptions {
  /** The route of a request the front door answers itself, or null to hand it to `fallback`. */
  route(path: string): string | null;
  /** Answers the front door's requests, once their request id and headers are set. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Everything else: the app (Express and Nest). */
  fallback: RequestListener;
  /**
   * Set on every response the front door answers (the security headers: the data list on a JSON or JWT
   * answer, else the page list), as its head leaves, where the handler has not set them itself: so the
   * handler neither reads nor copies them on every request, and an error path that clears the headers
   * it set leaves these in place.
   */
  headers: SecurityHeaderLists;
  secureCookies: boolean;
  /** Writes one line per request the front door answered, if its level lets `info` through. */
  logger: Logger;
}

/**
 * The HTTP server's first listener. The provider's machine endpoints are answered here, before any
 * Express middleware: per request only a request id, headers computed once and the cookie policy (both
 * applied as the head leaves) and, when anyone listens, one completion log line and the observers.
 * What each request skips is Express's request and response setup, its router, a pino child logger,
 * cookie parsing and Nest.
 */
export class FrontDoor {
  private readonly observers: CompletionObserver[] = [];
  private readonly logs: boolean;

  constructor(private readonly options: FrontDoorOptions) {
    this.logs = options.logger.isLevelEnabled('info');
  }

  private readonly beforeHead = (res: ServerResponse) => {
    setMissingHeaders(res, headersFor(res.getHeader('content-type'), this.options.headers));
    applyCookiePolicy(res, this.options.secureCookies);
  };

  /** Adds an observer of every request the front door answers (those Express answers have their own middleware). */
  observe(observer: CompletionObserver): void {
    this.observers.push(observer);
  }

  readonly listener: RequestListener = (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    const route = this.options.route(path);
    if (route === null) return void this.options.fallback(req, res);

    const id = requestId(req);
    res.setHeader('X-Request-Id', id);
    beforeHeadersLeave(res, this.beforeHead);
    if (this.logs || this.observers.length > 0) this.whenDone(req, res, { id, route, path });
    this.options.handle(req, res);
  };

  private whenDone(req: IncomingMessage, res: ServerResponse, request: { id: string; route: string; path: string }): void {
    const started = performance.now();
    const method = req.method ?? 'GET';
    res.once('close', () => {
      const durationMs = performance.now() - started;
      const status = res.statusCode;
      if (this.logs) logCompletion(this.options.logger, { id: request.id, method, path: request.path, status, durationMs, aborted: !res.writableFinished });
      for (const observer of this.observers) observer({ req, route: request.route, method, status, durationMs });
    });
  }
}

/**
 * Whether a request asks for a page rather than JSON, as Express's `req.accepts(['json', 'html'])`
 * decides it for our error answers: HTML only when the Accept header names it (directly or as
 * `text/*`) and ranks it above JSON, or level with it and first. No header, or `*\/*`, is JSON.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = { q: 0, specificity: -1, index: Infinity };
  let json = { q: 0, specificity: -1, index: Infinity };
  accept.split(',').forEach((part, index) => {
    const [range, ...parameters] = part.trim().toLowerCase().split(';');
    const qParameter = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    if (!Number.isFinite(q)) return;
    const rank = (type: string, subtype: string, current: typeof html) => {
      const specificity = range === `${type}/${subtype}` ? 2 : range === `${type}/*` ? 1 : range === '*/*' ? 0 : -1;
      return specificity > current.specificity ? { q, specificity, index } : current;
    };
    html = rank('text', 'html', html);
    json = rank('application', 'json', json);
  });
  if (html.q <= 0 || html.specificity === 0) return false;
  return html.q > json.q || (html.q === json.q && html.index < json.index);
}
