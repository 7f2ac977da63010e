import type { LogoutNotice, LogoutOutcome, SessionStore, StoredSession } from './session-store.js';

/** Bounds the memory sessions may take (the least recently written goes first); ~10 KB each with tokens. */
const MAX_SESSIONS = 10_000;
const MAX_REMEMBERED_TOKENS = 10_000;

/**
 * Sessions in this process's memory: the zero-setup development default. One instance only — a second one
 * would neither see these sessions nor hear of a logout sent to the first. Production uses the shared store.
 */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>();
  private readonly logoutTokens = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(id: string): Promise<StoredSession | undefined> {
    const session = this.sessions.get(id);
    if (!session || session.expiresAt.getTime() <= this.now()) return undefined;
    return { ...session };
  }

  async set(id: string, session: StoredSession): Promise<void> {
    this.sessions.delete(id);
    this.sessions.set(id, { ...session });
    for (const oldest of this.sessions.keys()) {
      if (this.sessions.size <= MAX_SESSIONS) break;
      this.sessions.delete(oldest);
    }
  }

  async touch(id: string, expiresAt: Date): Promise<void> {
    const session = this.sessions.get(id);
    if (session) session.expiresAt = expiresAt;
  }

  async destroy(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async endSessions(notice: LogoutNotice): Promise<LogoutOutcome> {
    const now = this.now();
    for (const [tokenId, until] of this.logoutTokens) if (until <= now || this.logoutTokens.size >= MAX_REMEMBERED_TOKENS) this.logoutTokens.delete(tokenId);
    if ((this.logoutTokens.get(notice.tokenId) ?? 0) > now) return { replayed: true, ended: 0 };
    this.logoutTokens.set(notice.tokenId, notice.replayableUntil.getTime());
    let ended = 0;
    for (const [id, session] of this.sessions) {
      if (!endedBy(notice, session)) continue;
      this.sessions.delete(id);
      ended++;
    }
    return { replayed: false, ended };
  }

  async sweep(): Promise<number> {
    const now = this.now();
    let swept = 0;
    for (const [id, session] of this.sessions) if (session.expiresAt.getTime() <= now && this.sessions.delete(id)) swept++;
    for (const [tokenId, until] of this.logoutTokens) if (until <= now && this.logoutTokens.delete(tokenId)) swept++;
    return swept;
  }
}

/** Back-Channel Logout 1.0 2.6: a `sid` names one identity server session (of `sub`, when given); `sub` alone names the user. */
export function endedBy(notice: Pick<LogoutNotice, 'subject' | 'providerSession'>, session: Pick<StoredSession, 'subject' | 'providerSession'>): boolean {
  if (notice.providerSession !== undefined) {
    return session.providerSession === notice.providerSession && (notice.subject === undefined || session.subject === notice.subject);
  }
  return notice.subject !== undefined && session.subject === notice.subject;
}
