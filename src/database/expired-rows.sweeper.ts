import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DATABASE } from './database.constants.js';
import type { Database } from './database.js';

/** Tables whose rows carry `expires_at`; nothing else deletes expired rows. */
const EXPIRING_TABLES = ['oidc_models', 'sign_in_progress', 'mfa_challenges', 'rate_limit_counters', 'accepted_challenges', 'email_code_challenges'] as const;
const BATCH_SIZE = 1000;
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Deletes expired rows in small batches. `SKIP LOCKED` lets every instance sweep at once without
 * blocking each other or the requests touching those rows.
 */
@Injectable()
export class ExpiredRowsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiredRowsSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepSafely(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes every row expired before now; returns how many. */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (const table of EXPIRING_TABLES) {
      for (;;) {
        const rows = await this.db.query(
          `DELETE FROM ${table} WHERE ctid IN (
             SELECT ctid FROM ${table} WHERE expires_at < now() LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED)
           RETURNING 1`,
        );
        deleted += rows.length;
        if (rows.length < BATCH_SIZE) break;
      }
    }
    return deleted;
  }

  private async sweepSafely(): Promise<void> {
    try {
      const deleted = await this.sweep();
      if (deleted > 0) this.logger.debug(`Swept ${deleted} expired rows`);
    } catch (error) {
      this.logger.warn(`Sweeping expired rows failed: ${(error as Error).message}`);
    }
  }
}
