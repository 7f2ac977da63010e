import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityHeadersOptions {
  /** Origins a form on our pages may post to or be redirected to after posting (Chrome applies form-action to redirects). */
  formActionOrigins?: string[];
  /** Origins our scripts may call with fetch/XHR (the Authsignal API for passkeys). */
  connectOrigins?: string[];
  /**
   * Origins allowed to frame or open our pages (the Authsignal pre-built UI's popup mode). Unset, pages
   * can be framed by no one.
   */
  embeddableBy?: string[];
  /** Whether to send HSTS: only meaningful behind TLS. */
  hsts: boolean;
}

/** Header names and values, in the order they are set. */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * One policy for every page: scripts and styles only from our own origin (no inline code anywhere),
 * no framing, no plugins, no referrer leaking interaction ids to other sites.
 *
 * The referrer policy is `same-origin` rather than `no-referrer`: under `no-referrer` a browser sends
 * `Origin: null` even on a same-origin form post, and the origin check on posts needs the real one.
 */
export function helmetOptions(options: SecurityHeadersOptions): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...(options.connectOrigins ?? [])],
        formAction: ["'self'", ...(options.formActionOrigins ?? [])],
        frameAncestors: options.embeddableBy ? ["'self'", ...options.embeddableBy] : ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    // X-Frame-Options cannot list several origins: frame-ancestors governs framing when it is allowed,
    // and a page opened as a window must keep `window.opener` to post its result back.
    ...(options.embeddableBy ? { frameguard: false, crossOriginOpenerPolicy: false } : {}),
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The policy's headers. helmet writes them; it is run once, here, against a recorder, because none of
 * ours depends on the request (no nonces), so each response only copies the list instead of running
 * helmet's chain of middleware.
 */
export function securityHeaderList(options: SecurityHeadersOptions): HeaderList {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name, value]),
    removeHeader: () => undefined,
  };
  let failure: unknown;
  helmet(helmetOptions(options))({} as never, recorder as never, (error?: unknown) => (failure = error));
  if (failure) throw new Error('The security headers cannot be built', { cause: failure });
  return headers;
}

/**
 * The headers of an answer that is data, not a page (JSON, a JWT): what a browser applies to a response
 * it may be tricked into loading, after OWASP's REST Security Cheat Sheet. Such an answer loads nothing
 * (`default-src 'none'`), is framed by no one, is never sniffed into a page, and is not readable by
 * another site's `<script>` or `<img>`. The page policy's other headers govern documents (scripts, forms,
 * popups, referrers, DNS prefetching) and do nothing for data; sending them on every machine request
 * cost each of the provider's JSON answers about 6 % more CPU (BENCHMARKS.md).
 */
export function dataSecurityHeaderList(options: Pick<SecurityHeadersOptions, 'hsts'>): HeaderList {
  // HSTS as the page policy sends it, from the same helmet options.
  const hsts = securityHeaderList({ hsts: options.hsts }).filter(([name]) => name === 'Strict-Transport-Security');
  return [
    ['Content-Security-Policy', "default-src 'none';frame-ancestors 'none'"],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ...hsts,
  ];
}

/** The headers for pages and those for data, the front door choosing by each response's Content-Type. */
export interface SecurityHeaderLists {
  page: HeaderList;
  data: HeaderList;
}

export function securityHeaderLists(options: SecurityHeadersOptions): SecurityHeaderLists {
  return { page: securityHeaderList(options), data: dataSecurityHeaderList(options) };
}

/** JSON (`application/json`, `application/jwk-set+json`, …) and JWTs (`application/jwt`): data. */
const DATA_TYPE = /^application\/(?:[\w.-]+\+)?(?:json|jwt)\s*(?:;|$)/i;

/**
 * The list for a response: data for a JSON or JWT body; the page policy for anything else, or nothing
 * said (whatever a browser might render as a document gets the full policy).
 */
export function headersFor(contentType: unknown, lists: SecurityHeaderLists): HeaderList {
  return typeof contentType === 'string' && DATA_TYPE.test(contentType) ? lists.data : lists.page;
}

/** Sets every header of `headers` on a response. */
export function setHeaders(res: ServerResponse, headers: HeaderList): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}

/** Sets the headers of `headers` the response has not set itself (a handler's own choice wins). */
export function setMissingHeaders(res: ServerResponse, headers: HeaderList): void {
  for (const [name, value] of headers) if (!res.hasHeader(name)) res.setHeader(name, value);
}

/** The policy as Express middleware, for every response of an app; like helmet, it drops Express's `X-Powered-By`. */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  const headers = securityHeaderList(options);
  return (_req, res, next) => {
    res.removeHeader('X-Powered-By');
    setHeaders(res, headers);
    next();
  };
}

/** Interaction and account pages must never be served from a cache or the back-forward cache of a shared device. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
};
