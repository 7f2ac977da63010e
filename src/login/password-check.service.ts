import { Inject, Injectable, Logger } from '@nestjs/common';
import { CredentialThrottle } from '../rate-limit/credential-throttle.service.js';
import { type Account, USER_STORE, type UserStore } from '../users/user-store.js';
import { InvalidCredentialsError } from './login.errors.js';
import type { LoginFormDto } from './login-form.dto.js';

/** Where a password attempt comes from, for the throttle and the log. */
export interface PasswordAttemptOrigin {
  ipAddress: string;
  interactionUid: string;
}

/**
 * The password step: counted against the throttle before the hash is checked, logged without the
 * password, checked by the user store (a port), and one answer (`InvalidCredentialsError`) for every
 * failure, whether the user is unknown, the password wrong or the account disabled.
 */
@Injectable()
export class PasswordCheck {
  private readonly logger = new Logger(PasswordCheck.name);

  constructor(
    @Inject(USER_STORE) private readonly users: UserStore,
    private readonly throttle: CredentialThrottle,
  ) {}

  async verify(form: Pick<LoginFormDto, 'username' | 'password'>, origin: PasswordAttemptOrigin): Promise<Account> {
    const { username, password } = form;
    const attempt = await this.throttle.begin(origin.ipAddress, username);
    const user = username && password ? await this.users.verifyPassword(username, password).catch(async (error: unknown) => {
      await attempt.release();
      throw error;
    }) : null;
    const logged = { event: 'sign_in.password', ip: origin.ipAddress, interaction: origin.interactionUid };
    if (!user) {
      this.logger.warn({ ...logged, outcome: 'failure', username });
      throw new InvalidCredentialsError(username);
    }
    await attempt.succeeded();
    this.logger.log({ ...logged, outcome: 'success', sub: user.id });
    return user;
  }
}
