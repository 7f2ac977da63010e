import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { RateLimiter } from '../rate-limit/rate-limiter.service.js';
import { TooManyAttemptsError } from './login.errors.js';

/**
 * Failed-password limits. Per account *and* address, so an attacker hammering one account from one
 * address cannot lock its owner out elsewhere; and per address across accounts, against spraying.
 */
@Injectable()
export class LoginThrottle {
  private readonly policy: AppConfig['login'];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly counters: RateLimiter,
  ) {
    this.policy = config.login;
  }

  /** Throws `TooManyAttemptsError` when either limit is already reached. */
  async assertAllowed(username: string, ip: string): Promise<void> {
    const [accountOnIp, address] = await Promise.all([
      this.counters.peek(accountKey(username, ip)),
      this.counters.peek(addressKey(ip)),
    ]);
    const blocking = [
      accountOnIp && accountOnIp.hits >= this.policy.maxFailuresPerAccountAndIp ? accountOnIp : null,
      address && address.hits >= this.policy.maxFailuresPerIp ? address : null,
    ].filter((counter) => counter !== null);
    if (blocking.length === 0) return;
    const resetAt = Math.max(...blocking.map((counter) => counter.resetAt.getTime()));
    throw new TooManyAttemptsError(Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)));
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const window = this.policy.failureWindowSeconds;
    await Promise.all([this.counters.hit(accountKey(username, ip), window), this.counters.hit(addressKey(ip), window)]);
  }

  /** A successful sign-in clears its own account's count on this address (not the address-wide count). */
  async recordSuccess(username: string, ip: string): Promise<void> {
    await this.counters.reset(accountKey(username, ip));
  }
}

const accountKey = (username: string, ip: string) => `login:account-ip:${username.toLowerCase()}|${ip}`;
const addressKey = (ip: string) => `login:ip:${ip}`;
