import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuthsignalService } from '../authsignal/authsignal.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DEMO_USERS } from '../users/demo-users.js';
import { UsernameTakenError } from '../users/users.errors.js';
import { DatabaseUserStore } from '../users/database-user-store.js';
import { USER_STORE, type UserStore } from '../users/user-store.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_TOTP_USERNAME, demoTotpUri } from './demo-authenticator.js';

/**
 * Development data: the demo users, and `alice`'s authenticator app in Authsignal (the emulator by
 * default), so both MFA paths can be walked at once — alice is challenged, bob enrols a first factor.
 * Existing accounts, passwords and authenticators are left alone.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataSeeder.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly authsignal: AuthsignalService,
    @Inject(USER_STORE) private readonly userStore: UserStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoUsers) return;
    // The demo users live in our users table: with a user store of the team's own they could not sign in, so none are made.
    if (!(this.userStore instanceof DatabaseUserStore)) {
      this.logger.log('No demo users: a user store of your own is in use');
      return;
    }
    for (const demoUser of DEMO_USERS) {
      try {
        await this.users.create(demoUser);
        this.logger.log(`Created demo user ${demoUser.username}`);
      } catch (error) {
        if (!(error instanceof UsernameTakenError)) throw error;
      }
    }
    await this.enrolDemoAuthenticatorApp();
  }

  /** Best effort: with Authsignal out of reach the server still starts, and alice is asked to enrol instead. */
  private async enrolDemoAuthenticatorApp(): Promise<void> {
    const user = await this.users.findByUsername(DEMO_TOTP_USERNAME);
    if (!user) return;
    try {
      if (await this.authsignal.hasAuthenticatorApp(user.id)) return;
      await this.authsignal.enrolAuthenticatorApp(user.id, demoTotpUri(new URL(this.config.issuer).host));
      this.logger.log(`Enrolled ${DEMO_TOTP_USERNAME}'s demo authenticator app in Authsignal`);
    } catch (error) {
      this.logger.warn(`Could not enrol ${DEMO_TOTP_USERNAME}'s demo authenticator app in Authsignal: ${(error as Error).message}`);
    }
  }
}
