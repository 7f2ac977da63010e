import { Logger } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { sessionsUnavailablePage } from '../common/error-pages.js';
import { hostCookieName, SESSION_COOKIE } from '../common/cookie-names.js';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { ExpressSessionStore } from './express-session.store.js';
import type { SessionStore } from './session-store.js';

/** A session untouched this long is signed out; each request restarts the clock. */
const SESSION_IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;

const logger = new Logger('Sessions');

/**
 * Server-side sessions: the browser holds only an opaque, HttpOnly, SameSite=Lax cookie; claims and tokens stay
 * in the `SessionStore` (shared by every instance in production, see `CLIENT_APP_DATABASE_URL`).
 */
export const sessionCookieName = (config: ClientAppConfig): string => hostCookieName(SESSION_COOKIE, config.session.secureCookies);

/**
 * express-session over the store. A store that cannot answer (its database down or stalled past its timeouts)
 * fails the request with a 503 page or JSON body and a log line, never Express's bare 500.
 */
export function sessionMiddleware(config: ClientAppConfig, store: SessionStore): RequestHandler {
  const handle = session({
    name: sessionCookieName(config),
    secret: config.session.secret,
    store: new ExpressSessionStore(store),
    // Nothing is stored (and no cookie set) until a sign-in starts.
    saveUninitialized: false,
    resave: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.session.secureCookies,
      path: '/',
      maxAge: SESSION_IDLE_TIMEOUT_MS,
    },
  });
  return (req, res, next) =>
    handle(req, res, (error?: unknown) => {
      if (error === undefined) return next();
      logger.error({ event: 'sessions.unavailable', requestId: req.id, cause: (error as Error).message });
      // The response may be on its way already (a session saved as it ends); then there is nothing left to say.
      if (!res.headersSent) storeUnavailable(req, res);
    });
}

function storeUnavailable(req: Request, res: Response): void {
  const retry = req.method === 'GET' && req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
  const page = sessionsUnavailablePage(retry);
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(page.status).json({ error: 'service_unavailable', message: page.message });
    return;
  }
  res.status(page.status).render('error', { title: page.title, page, requestId: req.id });
}
