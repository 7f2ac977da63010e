import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

export interface Counter {
  hits: number;
  /** When the window ends and the count starts again. */
  resetAt: Date;
}

export type Take = { taken: true } | { taken: false; resetAt: Date };

/**
 * Fixed-window counters in the database, so every instance behind a load balancer sees the same
 * count. An expired window restarts at 1.
 */
@Injectable()
export class RateLimiter {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Counts one more hit unless the key already has `limit`: the check and the count are one statement,
   * so of any number of concurrent takers (on any instances) at most `limit` succeed per window.
   */
  async take(key: string, limit: number, windowSeconds: number): Promise<Take> {
    const [row] = await this.db.query<{ hits: number }>(
      `INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
       VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.expires_at <= now() THEN 1 ELSE c.hits + 1 END,
         expires_at = CASE WHEN c.expires_at <= now() THEN EXCLUDED.expires_at ELSE c.expires_at END
       WHERE c.expires_at <= now() OR c.hits < $3
       RETURNING hits`,
      [key, windowSeconds, limit],
    );
    if (row) return { taken: true };
    const counter = await this.peek(key);
    // The window may have ended between the two statements: then the caller simply tries again.
    return { taken: false, resetAt: counter?.resetAt ?? new Date() };
  }

  /** Gives back one hit taken for something that turned out not to count (a successful sign-in). */
  async giveBack(key: string): Promise<void> {
    await this.db.query('UPDATE rate_limit_counters SET hits = hits - 1 WHERE key = $1 AND hits > 0 AND expires_at > now()', [key]);
  }

  /** The live count for a key, or none when its window has ended. */
  async peek(key: string): Promise<Counter | null> {
    const [row] = await this.db.query<{ hits: number; expires_at: Date }>(
      'SELECT hits, expires_at FROM rate_limit_counters WHERE key = $1 AND expires_at > now()',
      [key],
    );
    return row ? { hits: row.hits, resetAt: new Date(row.expires_at) } : null;
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limit_counters WHERE key = $1', [key]);
  }
}
