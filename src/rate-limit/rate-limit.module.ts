import { Module } from '@nestjs/common';
import { CredentialThrottle } from './credential-throttle.service.js';
import { RateLimiter } from './rate-limiter.service.js';

/** Counters shared by every instance, and the credential throttle every sign-in step uses. */
@Module({ providers: [RateLimiter, CredentialThrottle], exports: [RateLimiter, CredentialThrottle] })
export class RateLimitModule {}
