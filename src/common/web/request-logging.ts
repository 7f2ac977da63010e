import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { type Logger, pino } from 'pino';
import { type HttpLogger, type Options, pinoHttp } from 'pino-http';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/;

/** Reuse a well-formed `X-Request-Id` from a proxy, otherwise mint one, so a log line can be followed across hops. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

/**
 * The app's own request logger, mounted with `app.use` before anything else. Each app builds its own:
 * nestjs-pino otherwise keeps one pino-http per process, and when the identity server and the client
 * app share a process (`npm start`, the tests) the second would log under the first one's name and level.
 */
export function requestLogger(level: string, name: string): HttpLogger {
  return pinoHttp(requestLoggingOptions(level, name));
}

/** For `LoggerModule.forRoot`: Nest's logs inside a request go through that request's logger (`useExisting`). */
export function requestLoggingParams(level: string, name: string): Params {
  return { pinoHttp: requestLoggingOptions(level, name), useExisting: true };
}

/** What a completed request's log line says: the fields pino-http writes, without headers. */
export interface CompletedRequest {
  id: string;
  method: string;
  /** Without the query string, which may hold codes and tokens. */
  path: string;
  status: number;
  durationMs: number;
  /** The client went away before the response was sent in full. */
  aborted: boolean;
}

/**
 * A plain logger (no child per request) for requests answered outside Express, by the provider's
 * front door: one line per request, shaped like pino-http's, under the app's name and level.
 */
export function completionLogger(level: string, name: string): Logger {
  return pino({ name, level });
}

export function logCompletion(logger: Logger, request: CompletedRequest): void {
  const line = {
    req: { id: request.id, method: request.method, path: request.path },
    res: { statusCode: request.status },
    responseTime: Math.round(request.durationMs),
  };
  if (request.status >= 500) logger.error(line, 'request errored');
  else logger.info(line, request.aborted ? 'request aborted' : 'request completed');
}

/**
 * Structured request logs with a request id. Credentials, cookies and tokens are redacted; query strings
 * are dropped from the logged URL because OAuth puts codes and tokens there.
 */
function requestLoggingOptions(level: string, name: string): Options {
  return {
    name,
    level,
    genReqId: (req, res) => {
      const id = requestId(req);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      remove: true,
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
  };
}
