import type { Database } from '../../../src/database/database.js';
import type { LogoutNotice, LogoutOutcome, SessionStore, StoredSession } from './session-store.js';

/** A rolling session's expiry is written again only once it would move by this much: not on every request. */
const TOUCH_GRANULARITY_SECONDS = 60;
const SWEEP_BATCH = 1000;

interface SessionRow {
  data: string;
  expires_at: Date | string;
  subject: string | null;
  provider_session: string | null;
}

/**
 * Sessions in PostgreSQL (or the embedded PGlite in tests), shared by every instance: a session started on one
 * is used and ended on any other, and a back-channel logout received by one ends the sessions on all of them.
 * Every statement is bounded by the database's timeouts (`Database`); an outage rejects with
 * `DatabaseUnavailableError`, which the session middleware turns into a 503 page.
 */
export class PostgresSessionStore implements SessionStore {
  constructor(private readonly db: Database) {}

  async get(id: string): Promise<StoredSession | undefined> {
    const [row] = await this.db.query<SessionRow>(
      'SELECT data, expires_at, subject, provider_session FROM client_app_sessions WHERE id = $1 AND expires_at > now()',
      [id],
    );
    if (!row) return undefined;
    return { data: row.data, expiresAt: new Date(row.expires_at), subject: row.subject ?? undefined, providerSession: row.provider_session ?? undefined };
  }

  async set(id: string, session: StoredSession): Promise<void> {
    await this.db.query(
      `INSERT INTO client_app_sessions (id, data, expires_at, subject, provider_session) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at,
         subject = EXCLUDED.subject, provider_session = EXCLUDED.provider_session`,
      [id, session.data, session.expiresAt.toISOString(), session.subject ?? null, session.providerSession ?? null],
    );
  }

  async touch(id: string, expiresAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE client_app_sessions SET expires_at = $2 WHERE id = $1 AND expires_at < $2::timestamptz - make_interval(secs => $3)`,
      [id, expiresAt.toISOString(), TOUCH_GRANULARITY_SECONDS],
    );
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM client_app_sessions WHERE id = $1', [id]);
  }

  /** One transaction: the token id is recorded and the sessions end together, or neither happens. */
  endSessions(notice: LogoutNotice): Promise<LogoutOutcome> {
    return this.db.transaction(async (tx) => {
      const recorded = await tx.query(
        `INSERT INTO client_app_logout_tokens (token_id, expires_at) VALUES ($1, $2) ON CONFLICT (token_id) DO NOTHING RETURNING 1`,
        [notice.tokenId, notice.replayableUntil.toISOString()],
      );
      if (recorded.length === 0) return { replayed: true, ended: 0 };
      const ended = notice.providerSession !== undefined
        ? await tx.query('DELETE FROM client_app_sessions WHERE provider_session = $1 AND ($2::text IS NULL OR subject = $2) RETURNING 1', [notice.providerSession, notice.subject ?? null])
        : await tx.query('DELETE FROM client_app_sessions WHERE subject = $1 RETURNING 1', [notice.subject]);
      return { replayed: false, ended: ended.length };
    });
  }

  async sweep(): Promise<number> {
    let swept = 0;
    for (const table of ['client_app_sessions', 'client_app_logout_tokens']) {
      for (;;) {
        const rows = await this.db.query(
          `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE expires_at < now() LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED) RETURNING 1`,
        );
        swept += rows.length;
        if (rows.length < SWEEP_BATCH) break;
      }
    }
    return swept;
  }
}
