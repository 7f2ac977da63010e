import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DEMO_USERS } from './demo-users.js';
import { UsernameTakenError } from './users.errors.js';
import { UsersService } from './users.service.js';

/** Creates the demo users on a development start; existing accounts (and their passwords) are left alone. */
@Injectable()
export class DemoUsersSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoUsersSeeder.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoUsers) return;
    for (const demoUser of DEMO_USERS) {
      try {
        await this.users.create(demoUser);
        this.logger.log(`Created demo user ${demoUser.username}`);
      } catch (error) {
        if (!(error instanceof UsernameTakenError)) throw error;
      }
    }
  }
}
