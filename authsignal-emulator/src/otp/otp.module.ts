import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { StoreModule } from '../store/store.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthenticatorAppService } from './authenticator-app.service.js';
import { EmailOtpService } from './email-otp.service.js';
import { ServerChallengesService } from './server-challenges.service.js';

@Module({
  imports: [StoreModule, UsersModule, ActionsModule, OutboxModule],
  providers: [AuthenticatorAppService, EmailOtpService, ServerChallengesService],
  exports: [AuthenticatorAppService, EmailOtpService, ServerChallengesService],
})
export class OtpModule {}
