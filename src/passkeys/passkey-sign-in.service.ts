import { Inject, Injectable } from '@nestjs/common';
import { AuthsignalService } from '../authsignal/authsignal.service.js';
import { ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import type { AppConfig, AuthsignalConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { type Account, USER_STORE, type UserStore } from '../users/user-store.js';

/** Authsignal's name for the method: a passkey sign-in completed any other way (e.g. with a code, via the server API) is refused. */
const PASSKEY_METHOD = 'PASSKEY';

/** What the login page's script needs to start a passkey sign-in: all public. */
export interface PasskeyPageSettings {
  tenantId: string;
  /** Base URL of Authsignal's client API (the browser SDK's `baseUrl`). */
  baseUrl: string;
  action: string;
}

/** Passkey sign-in from the login page: no password, no second step. */
@Injectable()
export class PasskeySignInService {
  private readonly authsignal: AuthsignalConfig;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly signals: AuthsignalService,
    @Inject(USER_STORE) private readonly users: UserStore,
  ) {
    this.authsignal = config.authsignal;
  }

  get pageSettings(): PasskeyPageSettings {
    return { tenantId: this.authsignal.tenantId, baseUrl: this.authsignal.apiUrl, action: this.authsignal.passkeyAction };
  }

  /** The token must prove a passkey sign-in, once, for a user who exists here and is enabled. */
  async complete(token: unknown): Promise<Account> {
    const accepted = await this.signals.acceptChallenge(token, { actionCode: this.authsignal.passkeyAction, verificationMethod: PASSKEY_METHOD });
    const user = await this.users.findById(accepted.userId);
    if (!user?.enabled) throw new ChallengeRejectedError(user ? 'user is disabled' : 'user does not exist here');
    return user;
  }
}
