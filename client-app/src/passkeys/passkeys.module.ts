import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CsrfModule } from '../common/csrf.module.js';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { createAuthsignalClient, PasskeysAuthsignal } from './passkeys.authsignal.js';
import { AUTHSIGNAL_CLIENT } from './passkeys.constants.js';
import { PasskeysController } from './passkeys.controller.js';
import { PasskeysService } from './passkeys.service.js';

/** Passkey enrolment and management for the signed-in user, through Authsignal. */
@Module({
  imports: [AuthModule, CsrfModule],
  controllers: [PasskeysController],
  providers: [
    {
      provide: AUTHSIGNAL_CLIENT,
      useFactory: (config: ClientAppConfig) => createAuthsignalClient(config.authsignal),
      inject: [CLIENT_APP_CONFIG],
    },
    PasskeysAuthsignal,
    PasskeysService,
  ],
})
export class PasskeysModule {}
