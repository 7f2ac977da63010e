import { Module } from '@nestjs/common';
import { AuthsignalModule } from '../authsignal/authsignal.module.js';
import { MfaService } from './mfa.service.js';

/** The second factor after the password, run by Authsignal. */
@Module({
  imports: [AuthsignalModule],
  providers: [MfaService],
  exports: [MfaService],
})
export class MfaModule {}
