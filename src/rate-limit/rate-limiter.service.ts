import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';

export interface Counter {
  hits: number;
  /** When the window ends and the count starts again. */
  resetAt: Date;
}

/**
 * Fixed-window counters in the database, so every instance behind a load balancer sees the same
 * count. One upsert per hit; an expired window restarts at 1.
 */
@Injectable()
export class RateLimiter {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async hit(key: string, windowSeconds: number): Promise<Counter> {
    const [row] = await this.db.query<{ hits: number; expires_at: Date }>(
      `INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
       VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.expires_at <= now() THEN 1 ELSE c.hits + 1 END,
         expires_at = CASE WHEN c.expires_at <= now() THEN EXCLUDED.expires_at ELSE c.expires_at END
       RETURNING hits, expires_at`,
      [key, windowSeconds],
    );
    return { hits: row.hits, resetAt: new Date(row.expires_at) };
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
