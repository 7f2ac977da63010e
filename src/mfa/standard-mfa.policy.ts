import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import type { MfaDecision, MfaPolicy, MfaPolicyInput } from './mfa-policy.js';

/** The states in which a sign-in may go on; everything else (`BLOCK`, `REVIEW_REQUIRED`, anything new) is refused. */
const GOING_ON = new Set(['ALLOW', 'CHALLENGE_REQUIRED']);

/**
 * The default MFA policy. Authsignal is always asked (its rules may block); then a challenge is due
 * when Authsignal asks for one, when the client requires MFA or asks for the multi-factor acr, and a
 * first enrolment when the user has no second factor and enrolment is required (`MFA_ENROLMENT`, or the
 * client's `required`, or the requested acr). Only `ALLOW` without any of these finishes.
 */
@Injectable()
export class StandardMfaPolicy implements MfaPolicy {
  private readonly enrolment: 'required' | 'optional';

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.enrolment = config.authsignal.mfaEnrolment;
  }

  async decide(input: MfaPolicyInput): Promise<MfaDecision> {
    const { state, isEnrolled } = await input.authsignal();
    if (!GOING_ON.has(state)) return { kind: 'refuse', reason: state };
    if (state === 'CHALLENGE_REQUIRED') return { kind: 'challenge' };
    const secondFactorDue = input.client.mfa === 'required' || input.wantsMultiFactor;
    if (isEnrolled) return secondFactorDue ? { kind: 'challenge' } : { kind: 'finish' };
    const enrolmentDue = secondFactorDue || (input.client.mfa === 'authsignal' && this.enrolment === 'required');
    return enrolmentDue ? { kind: 'challenge' } : { kind: 'finish' };
  }
}
