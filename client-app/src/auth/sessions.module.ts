import { type DynamicModule, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { registerDatabasePoolMetrics } from '../../../src/common/metrics/database-pool-metrics.js';
import type { Database } from '../../../src/database/database.js';
import { applyMigrations } from '../../../src/database/migrations.js';
import { PostgresDatabase } from '../../../src/database/postgres.database.js';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { CLIENT_APP_METRICS_REGISTRY } from '../metrics/metrics.module.js';
import { MemorySessionStore } from './memory-session.store.js';
import { PostgresSessionStore } from './postgres-session.store.js';
import { CLIENT_APP_MIGRATIONS } from './session-migrations.js';
import { SESSION_STORE, type SessionStore } from './session-store.js';

/** The database this module opened itself (closed at shutdown); a database handed in belongs to the caller. */
const OWN_SESSION_DATABASE = Symbol('OWN_SESSION_DATABASE');
/** Where the sessions are kept: the database handed in, else the module's own, else none (memory). */
const SESSION_DATABASE = Symbol('SESSION_DATABASE');
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * The session store: the PostgreSQL database `CLIENT_APP_DATABASE_URL` names (migrated at start, under an
 * advisory lock so instances starting together do not race), a database handed in (tests share theirs), or
 * memory for one development instance. Expired sessions are swept every few minutes.
 */
@Module({})
export class SessionsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  private timer?: NodeJS.Timeout;

  static forRoot(database?: Database): DynamicModule {
    return {
      module: SessionsModule,
      global: true,
      providers: [
        {
          provide: OWN_SESSION_DATABASE,
          inject: [CLIENT_APP_CONFIG],
          // A database handed in gets the client app's tables beside whatever else it holds.
          useFactory: async (config: ClientAppConfig) => (database ? void (await applyMigrations(database, CLIENT_APP_MIGRATIONS)) : openSessionDatabase(config)),
        },
        { provide: SESSION_DATABASE, inject: [OWN_SESSION_DATABASE], useFactory: (own?: Database) => database ?? own },
        {
          provide: SESSION_STORE,
          inject: [SESSION_DATABASE],
          useFactory: (shared?: Database): SessionStore => (shared ? new PostgresSessionStore(shared) : new MemorySessionStore()),
        },
      ],
      exports: [SESSION_STORE],
    };
  }

  constructor(
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    @Inject(OWN_SESSION_DATABASE) private readonly ownDatabase: Database | undefined,
    @Inject(SESSION_DATABASE) sessionDatabase: Database | undefined,
    @Inject(CLIENT_APP_METRICS_REGISTRY) registry: Registry,
  ) {
    // The session database's pool in the client app's own metrics (nothing is reported without a pool).
    if (sessionDatabase) registerDatabasePoolMetrics(registry, sessionDatabase);
  }

  onApplicationBootstrap(): void {
    if (this.store instanceof MemorySessionStore) this.logger.warn('Sessions are kept in memory: set CLIENT_APP_DATABASE_URL to run more than one instance');
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ownDatabase?.close();
  }

  private async sweep(): Promise<void> {
    try {
      const swept = await this.store.sweep();
      if (swept > 0) this.logger.debug(`Swept ${swept} expired sessions and logout tokens`);
    } catch (error) {
      this.logger.warn(`Sweeping expired sessions failed: ${(error as Error).message}`);
    }
  }
}

/** Opens and migrates the sessions' PostgreSQL database, when one is configured. */
async function openSessionDatabase(config: ClientAppConfig): Promise<Database | undefined> {
  const settings = config.session.database;
  if (!settings) return undefined;
  const db = new PostgresDatabase(settings.url, { timeouts: settings.timeouts, applicationName: 'nest-identity-client-app' });
  try {
    await applyMigrations(db, CLIENT_APP_MIGRATIONS);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new Error('Cannot prepare the session database (CLIENT_APP_DATABASE_URL)', { cause: error });
  }
  return db;
}
