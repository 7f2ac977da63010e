import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TrackedSignIn } from '../authsignal/authsignal.service.js';
import { IdentityServerMetrics } from '../metrics/identity-server-metrics.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { ACR, meetsAcr } from '../oidc/authentication-context.js';
import type { FollowUpStep, SignInProgress } from '../oidc/follow-up-steps.js';
import { USER_STORE, type UserStore } from '../users/user-store.js';
import { SignInRefusedError } from './mfa.errors.js';
import { MfaChallengeRepository } from './mfa-challenge.repository.js';
import { CLIENT_MFA_SETTINGS, type ClientMfaSetting, MFA_POLICY, type MfaPolicy } from './mfa-policy.js';
import { MfaService } from './mfa.service.js';

/**
 * The second factor as a follow-up of the step that identified the user: the MFA policy decides, and
 * a challenge (or a first enrolment) goes to Authsignal's pre-built UI. A sign-in that already meets
 * the multi-factor level (a passkey) has nothing to do here.
 *
 * The browser is redirected straight to the pre-built UI: one request less than a page that links to
 * it. The redirect answers the login form's post, and browsers apply the login page's CSP
 * `form-action` to it, so this is done only for a UI on an origin that policy lists
 * (`AUTHSIGNAL_PREBUILT_UI_ORIGINS`); a UI anywhere else gets the "Verify it's you" page and its link.
 */
@Injectable()
export class MfaFollowUp implements FollowUpStep {
  private readonly logger = new Logger(MfaFollowUp.name);
  private readonly prebuiltUiOrigins: ReadonlySet<string>;
  private readonly unlistedOrigins = new Set<string>();

  constructor(
    private readonly mfa: MfaService,
    private readonly challenges: MfaChallengeRepository,
    @Inject(USER_STORE) private readonly users: UserStore,
    @Inject(MFA_POLICY) private readonly policy: MfaPolicy,
    private readonly metrics: IdentityServerMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prebuiltUiOrigins = new Set(config.authsignal.prebuiltUiOrigins);
  }

  async next(progress: SignInProgress): Promise<{ location: string } | null> {
    if (meetsAcr(progress.context, ACR.multiFactor)) return null;
    const account = progress.account ?? (await this.users.findById(progress.accountId));
    if (!account?.enabled) throw new SignInRefusedError('ACCOUNT_UNAVAILABLE');
    let tracked: Promise<TrackedSignIn> | undefined;
    let authsignalState: string | undefined;
    const track = () => (tracked ??= this.mfa.track(account, { interactionUid: progress.interactionUid, ...progress.circumstances }));
    const decision = await this.policy.decide({
      account,
      client: { ...progress.client, mfa: clientMfaSetting(progress.client.metadata) },
      requested: progress.requested,
      wantsMultiFactor: progress.requested.acrValues.includes(ACR.multiFactor),
      context: progress.context,
      circumstances: progress.circumstances,
      authsignal: async () => {
        const { state, isEnrolled } = await track();
        authsignalState = state;
        return { state, isEnrolled };
      },
    });
    this.metrics.mfaDecision(decision.kind, authsignalState);
    if (decision.kind === 'refuse') throw new SignInRefusedError(decision.reason);
    if (decision.kind === 'finish') return null;
    const { idempotencyKey, url } = await track();
    await this.challenges.save({ interactionUid: progress.interactionUid, idempotencyKey, url });
    return { location: this.reachable(url) ? url : `/interaction/${encodeURIComponent(progress.interactionUid)}/mfa` };
  }

  /** Whether the login page's policy lets its form's redirect go to `url`; an unlisted origin is logged once. */
  private reachable(url: string): boolean {
    const { origin } = new URL(url);
    if (this.prebuiltUiOrigins.has(origin)) return true;
    if (!this.unlistedOrigins.has(origin)) {
      this.unlistedOrigins.add(origin);
      this.logger.warn({ event: 'mfa.prebuilt_ui_unlisted', origin, hint: 'add it to AUTHSIGNAL_PREBUILT_UI_ORIGINS to save a page per sign-in' });
    }
    return false;
  }
}

function clientMfaSetting(metadata: Record<string, unknown>): ClientMfaSetting {
  const setting = metadata.mfa;
  return CLIENT_MFA_SETTINGS.includes(setting as ClientMfaSetting) ? (setting as ClientMfaSetting) : 'authsignal';
}
