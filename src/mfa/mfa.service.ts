import { Inject, Injectable } from '@nestjs/common';
import { AuthsignalService, type TrackedSignIn } from '../authsignal/authsignal.service.js';
import type { AppConfig, AuthsignalConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import type { SignInCircumstances } from '../oidc/sign-in-circumstances.js';
import type { Account } from '../users/user-store.js';

/** The sign-in being tracked: its interaction, and where it happens, as Authsignal's rules and the pre-built UI want to know it. */
export type TrackedCircumstances = Partial<SignInCircumstances> & { interactionUid: string };

/** The challenge a password step left pending, as stored for its interaction. */
export interface PendingChallenge {
  accountId: string;
  idempotencyKey: string;
}

/** The second step's use of Authsignal: track the sign-in, then accept only the challenge it ran for this sign-in. */
@Injectable()
export class MfaService {
  private readonly authsignal: AuthsignalConfig;
  private readonly issuer: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly signals: AuthsignalService,
  ) {
    this.authsignal = config.authsignal;
    this.issuer = config.issuer;
  }

  /** Reports the sign-in to Authsignal, whose rules answer; the answer's URL is the pre-built UI for a challenge or a first enrolment. */
  async track(user: Account, circumstances: TrackedCircumstances): Promise<TrackedSignIn> {
    return this.signals.trackSignIn({
      userId: user.id,
      action: this.authsignal.signInAction,
      // Bound to the interaction: the callback continues this sign-in only, and takes no return URL.
      redirectUrl: `${this.issuer}/interaction/${encodeURIComponent(circumstances.interactionUid)}/mfa/callback`,
      username: user.username,
      email: user.email ?? undefined,
      ipAddress: circumstances.ipAddress,
      userAgent: circumstances.userAgent,
      deviceId: circumstances.deviceId,
    });
  }

  /** The token must prove the challenge of exactly this pending sign-in, once; returns the method the user proved it with. */
  async complete(token: unknown, pending: PendingChallenge): Promise<{ verificationMethod?: string }> {
    const accepted = await this.signals.acceptChallenge(token, {
      actionCode: this.authsignal.signInAction,
      userId: pending.accountId,
      idempotencyKey: pending.idempotencyKey,
    });
    return { verificationMethod: accepted.verificationMethod };
  }
}
