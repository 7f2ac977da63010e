import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DATABASE } from './database.constants.js';
import type { Database } from './database.js';
import { ExpiredRowsSweeper } from './expired-rows.sweeper.js';
import { openDatabase } from './open-database.js';

@Global()
@Module({
  providers: [
    { provide: DATABASE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openDatabase(config.database) },
    ExpiredRowsSweeper,
  ],
  exports: [DATABASE, ExpiredRowsSweeper],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
