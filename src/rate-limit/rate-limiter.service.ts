import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

export interface Counter {
  hits: number;
  /** When the window ends and the count starts again. */
  resetAt: Date;
}

/** A counter and the most hits its window allows. */
export interface Limit {
  key: string;
  limit: number;
}

/** The upsert's update: an expired window restarts at 1, a live one counts one more. */
const NEXT_HIT = `hits = CASE WHEN c.expires_at <= now() THEN 1 ELSE c.hits + 1 END,
           expires_at = CASE WHEN c.expires_at <= now() THEN EXCLUDED.expires_at ELSE c.expires_at END`;

/**
 * Fixed-window counters in the database, so every instance behind a load balancer sees the same
 * count. An expired window restarts at 1.
 */
@Injectable()
export class RateLimiter {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Counts one more hit on `first` unless it already has its limit and, only if that hit was counted, one
   * on `second` likewise: one statement, so a credential attempt costs one round trip for both of its
   * limits. Each key's check and count are one upsert, so of any number of concurrent takers (on any
   * instances) at most its limit succeed per window. Says how far it got: `second` refused leaves the
   * hit on `first` counted, for the caller to give back.
   */
  async takeInTurn(first: Limit, second: Limit, windowSeconds: number): Promise<'both' | 'first only' | 'neither'> {
    const [row] = await this.db.query<{ first: boolean; second: boolean }>(
      `WITH first AS (
         INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
         VALUES ($1, 1, now() + make_interval(secs => $5))
         ON CONFLICT (key) DO UPDATE SET ${NEXT_HIT}
         WHERE c.expires_at <= now() OR c.hits < $2
         RETURNING 1
       ), second AS (
         INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
         SELECT $3, 1, now() + make_interval(secs => $5) WHERE EXISTS (SELECT 1 FROM first)
         ON CONFLICT (key) DO UPDATE SET ${NEXT_HIT}
         WHERE c.expires_at <= now() OR c.hits < $4
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM first) AS first, EXISTS (SELECT 1 FROM second) AS second`,
      [first.key, first.limit, second.key, second.limit, windowSeconds],
    );
    return row?.second ? 'both' : row?.first ? 'first only' : 'neither';
  }

  /** When a key's window ends: for a refused taker's retry time. The window may have ended just now: then it is now. */
  async resetAt(key: string): Promise<Date> {
    return (await this.peek(key))?.resetAt ?? new Date();
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

  /**
   * Starts `resetKey`'s count again and gives back one hit of `giveBackKey`'s, in one statement (a
   * successful sign-in). Its rows are locked in the order `takeInTurn` locks them, the reset first (the
   * update waits on the delete's count): the other order deadlocks with a concurrent take of the same two.
   */
  async resetAndGiveBack(resetKey: string, giveBackKey: string): Promise<void> {
    await this.db.query(
      `WITH reset AS (DELETE FROM rate_limit_counters WHERE key = $1 RETURNING 1)
       UPDATE rate_limit_counters SET hits = hits - 1
       WHERE key = $2 AND hits > 0 AND expires_at > now() AND (SELECT count(*) FROM reset) >= 0`,
      [resetKey, giveBackKey],
    );
  }
}
