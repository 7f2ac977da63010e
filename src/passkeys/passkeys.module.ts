import { Module } from '@nestjs/common';
import { AuthsignalModule } from '../authsignal/authsignal.module.js';
import { UsersModule } from '../users/users.module.js';
import { PasskeySignInService } from './passkey-sign-in.service.js';

/** Passkey sign-in from the login page's autofill or its button, verified by Authsignal. */
@Module({
  imports: [AuthsignalModule, UsersModule],
  providers: [PasskeySignInService],
  exports: [PasskeySignInService],
})
export class PasskeysModule {}
