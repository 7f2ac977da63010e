import { Inject, Injectable } from '@nestjs/common';
import { ACR, meetsAcr } from '../oidc/authentication-context.js';
import type { FollowUpStep, SignInProgress } from '../oidc/follow-up-steps.js';
import { USER_STORE, type UserStore } from '../users/user-store.js';
import { SignInRefusedError } from './mfa.errors.js';
import { MfaChallengeRepository } from './mfa-challenge.repository.js';
import { MfaService } from './mfa.service.js';

/**
 * The second factor as a follow-up of any first step: after a password, ask Authsignal and go to its
 * pre-built UI when a challenge (or a first enrolment) is due, or refuse. A sign-in that already meets
 * the multi-factor level (a passkey) has nothing to do here.
 */
@Injectable()
export class MfaFollowUp implements FollowUpStep {
  constructor(
    private readonly mfa: MfaService,
    private readonly challenges: MfaChallengeRepository,
    @Inject(USER_STORE) private readonly users: UserStore,
  ) {}

  async next(progress: SignInProgress): Promise<{ location: string } | null> {
    if (meetsAcr(progress.context, ACR.multiFactor)) return null;
    const account = await this.users.findById(progress.accountId);
    if (!account?.enabled) throw new SignInRefusedError('ACCOUNT_UNAVAILABLE');
    const decision = await this.mfa.afterPassword(account, { interactionUid: progress.interactionUid, ...progress.circumstances });
    if (decision.kind === 'refuse') throw new SignInRefusedError(decision.state);
    if (decision.kind === 'finish') return null;
    await this.challenges.save({ interactionUid: progress.interactionUid, idempotencyKey: decision.idempotencyKey, url: decision.url });
    return { location: `/interaction/${encodeURIComponent(progress.interactionUid)}/mfa` };
  }
}
