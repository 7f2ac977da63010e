import type { RequestHandler } from 'express';
import helmet from 'helmet';

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

/**
 * One policy for every page: scripts and styles only from our own origin (no inline code anywhere),
 * no framing, no plugins, no referrer leaking interaction ids to other sites.
 *
 * The referrer policy is `same-origin` rather than `no-referrer`: under `no-referrer` a browser sends
 * `Origin: null` even on a same-origin form post, and the origin check on posts needs the real one.
 */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  return helmet({
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
  });
}

/** Interaction and account pages must never be served from a cache or the back-forward cache of a shared device. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
};
