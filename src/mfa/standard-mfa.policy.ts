import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { ACR } from '../oidc/authentication-context.js';
import type { MfaDecision, MfaPolicy, MfaPolicyInput } from './mfa-policy.js';

/** The states in which a sign-in may go on; everything else (`BLOCK`, `REVIEW_REQUIRED`, anything new) is refused. */
const GOING_ON = new Set(['ALLOW', 'CHALLENGE_REQUIRED']);

/**
 * The default MFA policy. Authsignal is always asked (its rules may block); then a challenge is due
 * when Authsignal asks for one, when the client requires MFA or asks for the multi-factor acr, and a
 * first enrolment when the user has no second factor and enrolment is required (`MFA_ENROLMENT`, or the
 * client's `required`, or the requested acr). Only `ALLOW` without any of these finishes.
 *
 * After an email code instead of a password the email code alone does not meet the multi-factor acr:
 * a client that requires MFA or asks for that acr gets a second factor (Authsignal asked first, its
 * blocks refused). Otherwise the email code suffices, and Authsignal's sign-in rules are not asked:
 * Authsignal has already run the sign-in as its email challenge, and a user who lost the second factor
 * must be able to get in with the mailbox (that is the documented way back in).
 */
@Injectable()
export class StandardMfaPolicy implements MfaPolicy {
  private readonly enrolment: 'required' | 'optional';

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.enrolment = config.authsignal.mfaEnrolment;
  }

  async decide(input: MfaPolicyInput): Promise<MfaDecision> {
    const secondFactorDue = input.client.mfa === 'required' || input.wantsMultiFactor;
    if (input.context.acr === ACR.emailCode) return secondFactorDue ? this.secondFactor(input) : { kind: 'finish' };
    const { state, isEnrolled } = await input.authsignal();
    if (!GOING_ON.has(state)) return { kind: 'refuse', reason: state };
    if (state === 'CHALLENGE_REQUIRED') return { kind: 'challenge' };
    if (isEnrolled) return secondFactorDue ? { kind: 'challenge' } : { kind: 'finish' };
    const enrolmentDue = secondFactorDue || (input.client.mfa === 'authsignal' && this.enrolment === 'required');
    return enrolmentDue ? { kind: 'challenge' } : { kind: 'finish' };
  }

  private async secondFactor(input: MfaPolicyInput): Promise<MfaDecision> {
    const { state } = await input.authsignal();
    return GOING_ON.has(state) ? { kind: 'challenge' } : { kind: 'refuse', reason: state };
  }
}
