import session, { type SessionData } from 'express-session';
import type { ClientAppSessionData } from './auth-session.js';
import type { SessionStore, StoredSession } from './session-store.js';

/** Used when a session's cookie carries no expiry (never the case with our settings): the idle timeout. */
const FALLBACK_LIFETIME_MS = 8 * 60 * 60 * 1000;

/**
 * express-session's callback API over a `SessionStore`. Besides the data it records whose session this is
 * (the signed-in user's `sub`, and the identity server's `sid` from the ID token), so a back-channel logout
 * can end it without reading every session.
 */
export class ExpressSessionStore extends session.Store {
  constructor(private readonly store: SessionStore) {
    super();
  }

  override get(id: string, callback: (error: unknown, data?: SessionData | null) => void): void {
    this.store.get(id).then(
      (stored) => callback(null, stored ? (JSON.parse(stored.data) as SessionData) : null),
      (error: unknown) => callback(error),
    );
  }

  override set(id: string, data: SessionData, callback?: (error?: unknown) => void): void {
    this.store.set(id, stored(data)).then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  override touch(id: string, data: SessionData, callback?: (error?: unknown) => void): void {
    this.store.touch(id, expiryOf(data)).then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  override destroy(id: string, callback?: (error?: unknown) => void): void {
    this.store.destroy(id).then(() => callback?.(), (error: unknown) => callback?.(error));
  }
}

function stored(data: SessionData): StoredSession {
  const { user } = data as SessionData & ClientAppSessionData;
  const sid = user?.claims.sid;
  return { data: JSON.stringify(data), expiresAt: expiryOf(data), subject: user?.sub, providerSession: typeof sid === 'string' ? sid : undefined };
}

function expiryOf(data: SessionData): Date {
  const expires = data.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + (data.cookie?.maxAge ?? FALLBACK_LIFETIME_MS));
}
