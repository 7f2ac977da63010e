import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DATABASE } from './database.constants.js';
import type { Database } from './database.js';
import { ExpiredRowsSweeper } from './expired-rows.sweeper.js';
import { openDatabase } from './open-database.js';

const OWNS_DATABASE = Symbol('OWNS_DATABASE');

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  /**
   * Opens (and migrates) the configured database, or uses one handed in — tests share one database
   * between instances and across restarts, so a database handed in is not closed on shutdown.
   */
  static forRoot(existing?: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        existing
          ? { provide: DATABASE, useValue: existing }
          : { provide: DATABASE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openDatabase(config.database) },
        { provide: OWNS_DATABASE, useValue: !existing },
        ExpiredRowsSweeper,
      ],
      exports: [DATABASE],
    };
  }

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(OWNS_DATABASE) private readonly ownsDatabase: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ownsDatabase) await this.db.close();
  }
}
