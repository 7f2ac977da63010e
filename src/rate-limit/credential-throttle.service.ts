import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { TooManyAttemptsError } from './rate-limit.errors.js';
import { RateLimiter } from './rate-limiter.service.js';

/** An attempt already counted against its limits: it stays counted unless it succeeds. */
export interface ThrottledAttempt {
  /** The credential was right: its account's count on this address starts again, and it does not count against the address. */
  succeeded(): Promise<void>;
  /** The attempt never got an answer (an outage): it counts for nothing. Best effort, since the outage may be the database's. */
  release(): Promise<void>;
}

/**
 * Limits on credential attempts (passwords, passkey tokens, and any credential a later step checks). Per account *and* address, so an attacker hammering one account from
 * one address cannot lock its owner out elsewhere; and per address across accounts, against spraying.
 *
 * An attempt is counted *before* it is checked, in the same statement that checks the limit, so a burst
 * of parallel attempts cannot all pass a check made before any of them was counted. Both limits are
 * checked and counted in one statement, and a success settles both in another: two round trips per
 * attempt that succeeds.
 */
@Injectable()
export class CredentialThrottle {
  private readonly policy: AppConfig['login'];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly counters: RateLimiter,
  ) {
    this.policy = config.login;
  }

  /**
   * Counts an attempt from `ip`, for `account` (a username as typed) or, without one, for the
   * address's passkey attempts. Throws `TooManyAttemptsError`, counting nothing, when a limit is reached.
   */
  async begin(ip: string, account?: string): Promise<ThrottledAttempt> {
    const { failureWindowSeconds: window } = this.policy;
    const ownKey = account === undefined ? passkeyKey(ip) : accountKey(account, ip);
    const address = addressKey(ip);
    const taken = await this.counters.takeInTurn(
      { key: ownKey, limit: this.policy.maxFailuresPerAccountAndIp },
      { key: address, limit: this.policy.maxFailuresPerIp },
      window,
    );
    if (taken === 'neither') throw tooMany(await this.counters.resetAt(ownKey));
    if (taken === 'first only') {
      await this.counters.giveBack(ownKey);
      throw tooMany(await this.counters.resetAt(address));
    }
    return {
      succeeded: () => this.counters.resetAndGiveBack(ownKey, address),
      release: async () => {
        await Promise.all([this.counters.giveBack(ownKey), this.counters.giveBack(address)]).catch(() => undefined);
      },
    };
  }
}

const tooMany = (resetAt: Date) => new TooManyAttemptsError(Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000)));
const accountKey = (username: string, ip: string) => `login:account-ip:${username.toLowerCase()}|${ip}`;
const passkeyKey = (ip: string) => `login:passkey-ip:${ip}`;
const addressKey = (ip: string) => `login:ip:${ip}`;
