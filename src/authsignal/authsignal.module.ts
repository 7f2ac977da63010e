import { Module } from '@nestjs/common';
import { AcceptedChallengesRepository } from './accepted-challenges.repository.js';
import { authsignalClientFactory } from './authsignal.client.factory.js';
import { AuthsignalService } from './authsignal.service.js';

/** Authsignal behind one injectable; `mfa` and `passkeys` both use its checks, so neither imports the other. */
@Module({
  providers: [authsignalClientFactory, AcceptedChallengesRepository, AuthsignalService],
  exports: [AuthsignalService],
})
export class AuthsignalModule {}
