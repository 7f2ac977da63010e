import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { UsersModule } from '../users/users.module.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { LocalStrategy } from './local.strategy.js';
import { LoginStateRepository } from './login-state.repository.js';
import { LoginThrottleGuard } from './login-throttle.guard.js';
import { LoginThrottle } from './login-throttle.service.js';

/** The password step: strategy, guard, throttle and the state it leaves for the next step. */
@Module({
  imports: [PassportModule, UsersModule, RateLimitModule],
  providers: [LocalStrategy, LocalAuthGuard, LoginThrottle, LoginThrottleGuard, LoginStateRepository],
  exports: [LocalAuthGuard, LoginThrottle, LoginThrottleGuard, LoginStateRepository],
})
export class LoginModule {}
