import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { UsersModule } from '../users/users.module.js';
import { LoginStateRepository } from './login-state.repository.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordCheck } from './password-check.service.js';

/** The password step: the check, its throttle and the state it leaves for the next step. */
@Module({
  imports: [UsersModule, RateLimitModule],
  providers: [PasswordCheck, LoginThrottle, LoginStateRepository],
  exports: [PasswordCheck, LoginThrottle, LoginStateRepository],
})
export class LoginModule {}
