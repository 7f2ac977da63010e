import type { RequestHandler } from 'express';
import session from 'express-session';
import createMemoryStore from 'memorystore';
import { hostCookieName, SESSION_COOKIE } from '../common/cookie-names.js';
import type { ClientAppConfig } from '../config/client-app-config.js';

/** A session untouched this long is signed out; each request restarts the clock. */
const SESSION_IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
/** Bounds the memory sessions may take (least recently used goes first); ~10 KB each with tokens. */
const SESSION_STORE_MAX_ENTRIES = 10_000;
const SESSION_STORE_PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Server-side sessions: the browser holds only an opaque, HttpOnly, SameSite=Lax cookie; claims and tokens stay
 * here. The store is in-process memory, which suits one instance of this sample relying party.
 */
export const sessionCookieName = (config: ClientAppConfig): string => hostCookieName(SESSION_COOKIE, config.session.secureCookies);

export function sessionMiddleware(config: ClientAppConfig): RequestHandler {
  const MemoryStore = createMemoryStore(session);
  return session({
    name: sessionCookieName(config),
    secret: config.session.secret,
    store: new MemoryStore({ max: SESSION_STORE_MAX_ENTRIES, checkPeriod: SESSION_STORE_PRUNE_INTERVAL_MS }),
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
}
