import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../../database/database.js';

/**
 * The PostgreSQL pool at scrape time: busy and idle connections, requests waiting for one, and the
 * pool's size. Waiting requests mean the pool is too small for the load or the database too slow.
 * Nothing is reported on PGlite, which has one connection and no pool.
 */
export function registerDatabasePoolMetrics(registry: Registry, db: Database): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state: busy, idle, and waiting (requests queued for a connection)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = db.poolUse?.();
      if (!use) return;
      this.set({ state: 'busy' }, use.total - use.idle);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'waiting' }, use.waiting);
    },
  });
  new Gauge({
    name: 'db_pool_max_connections',
    help: 'The most connections the database pool opens',
    registers: [registry],
    collect() {
      const use = db.poolUse?.();
      if (use) this.set(use.max);
    },
  });
}
