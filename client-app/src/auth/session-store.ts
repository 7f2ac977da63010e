/** Injection token of the `SessionStore` every instance of the client app shares. */
export const SESSION_STORE = Symbol('SESSION_STORE');

/** One browser session as stored: the serialised express-session data, and whose it is (for back-channel logout). */
export interface StoredSession {
  /** express-session's data (cookie settings, pending sign-in, user, tokens), as JSON text. */
  data: string;
  expiresAt: Date;
  /** The OIDC `sub` of the signed-in user, once signed in. */
  subject?: string;
  /** The identity server's session id (`sid` of the ID token), once signed in. */
  providerSession?: string;
}

/**
 * A logout token's instruction (OpenID Connect Back-Channel Logout 1.0 2.6): end the sessions of one identity
 * server session (`sid`, of that `sub` when both are given), or every session of the user (`sub` alone).
 */
export interface LogoutNotice {
  subject?: string;
  providerSession?: string;
  /** The logout token's `jti`: the same token is acted on once, whichever instance receives it. */
  tokenId: string;
  /** Until when the token could still be replayed (its expiry, with clock leeway): the `jti` is kept that long. */
  replayableUntil: Date;
}

export interface LogoutOutcome {
  replayed: boolean;
  /** How many sessions ended. */
  ended: number;
}

/**
 * Where the client app keeps its sessions. Production runs several instances behind a load balancer, so the
 * store is shared (`PostgresSessionStore`); `MemorySessionStore` serves a single development instance. A team
 * may provide another (Redis, say) under `SESSION_STORE`: `endSessions` must record the token id and end the
 * sessions atomically, so that two instances receiving the same token act once.
 */
export interface SessionStore {
  get(id: string): Promise<StoredSession | undefined>;
  set(id: string, session: StoredSession): Promise<void>;
  /** Extends an unchanged session's life (rolling sessions); may skip the write when little time has passed. */
  touch(id: string, expiresAt: Date): Promise<void>;
  destroy(id: string): Promise<void>;
  endSessions(notice: LogoutNotice): Promise<LogoutOutcome>;
  /** Deletes expired sessions and remembered token ids; returns how many rows went. */
  sweep(): Promise<number>;
}
