import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { AuthsignalUnavailableError } from '../authsignal/authsignal.errors.js';
import { causedByDatabaseOutage } from '../database/database.errors.js';
import { TooManyAttemptsError } from '../rate-limit/rate-limit.errors.js';
import { METRICS_REGISTRY } from './metrics.constants.js';

/** The credential a sign-in step checks. */
export type SignInMethod = 'password' | 'passkey' | 'email_code' | 'second_factor';

/**
 * How a step's check ended: `success`; `refused` (a wrong password, a token that proves nothing, the risk
 * rules said no); `throttled` (too many failures from this address); `unavailable` (the database or
 * Authsignal could not answer: the sign-in failed closed).
 */
export type SignInOutcome = 'success' | 'refused' | 'throttled' | 'unavailable';

/** Authsignal's states; anything else it may add is counted as `OTHER`, so no answer adds a series. */
const AUTHSIGNAL_STATES = new Set(['ALLOW', 'CHALLENGE_REQUIRED', 'BLOCK', 'REVIEW_REQUIRED', 'REVIEW_SUCCEEDED', 'REVIEW_FAILED']);

/** The grant types a client can send; anything else (`grant_type=whatever`) is `other`. */
const GRANT_TYPES = new Set([
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:openid:params:grant-type:ciba',
]);

/** An OAuth error code as oidc-provider names them (`invalid_grant`, …). */
const ERROR_CODE = /^[a-z_]{1,40}$/;
/** RFC 8176 method references are short lowercase words. */
const AMR_VALUE = /^[a-z]{2,8}$/;

/**
 * The identity server's own figures: sign-in attempts per step, completed sign-ins by how they were
 * made, MFA decisions, and token grants. Every label has a bounded set of values.
 */
@Injectable()
export class IdentityServerMetrics {
  private readonly signInAttempts: Counter<'method' | 'outcome'>;
  private readonly signIns: Counter<'amr'>;
  private readonly mfaDecisions: Counter<'decision' | 'state'>;
  private readonly grants: Counter<'grant_type' | 'outcome' | 'error'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.signInAttempts = new Counter({
      name: 'idp_sign_in_attempts_total',
      help: 'Credential checks of the sign-in steps by method (password, passkey, email_code, second_factor) and outcome',
      labelNames: ['method', 'outcome'],
      registers,
    });
    this.signIns = new Counter({ name: 'idp_sign_ins_total', help: 'Completed sign-ins by their amr (e.g. pwd+mfa+otp, hwk+user)', labelNames: ['amr'], registers });
    this.mfaDecisions = new Counter({
      name: 'idp_mfa_decisions_total',
      help: "The MFA policy's decisions (finish, challenge, refuse) by Authsignal's state (NOT_ASKED when the policy did not ask)",
      labelNames: ['decision', 'state'],
      registers,
    });
    this.grants = new Counter({
      name: 'idp_grants_total',
      help: 'Token endpoint grants by grant type and outcome, with the OAuth error code of failures',
      labelNames: ['grant_type', 'outcome', 'error'],
      registers,
    });
  }

  /**
   * Runs a step's credential check, counting how it ended; its result or error passes through. A step
   * whose own errors say more than "refused" (a throttle of its own) names their outcome in `outcomeOf`.
   */
  async signInAttempt<T>(method: SignInMethod, check: () => Promise<T>, outcomeOf?: (error: unknown) => SignInOutcome | undefined): Promise<T> {
    try {
      const result = await check();
      this.signInAttempts.inc({ method, outcome: 'success' });
      return result;
    } catch (error) {
      this.signInAttempts.inc({ method, outcome: outcomeOf?.(error) ?? signInOutcome(error) });
      throw error;
    }
  }

  signedIn(amr: readonly string[]): void {
    const valid = amr.length > 0 && amr.length <= 4 && amr.every((value) => AMR_VALUE.test(value));
    this.signIns.inc({ amr: valid ? amr.join('+') : 'other' });
  }

  mfaDecision(decision: string, authsignalState: string | undefined): void {
    const state = authsignalState === undefined ? 'NOT_ASKED' : AUTHSIGNAL_STATES.has(authsignalState) ? authsignalState : 'OTHER';
    this.mfaDecisions.inc({ decision, state });
  }

  grant(grantType: unknown, error?: unknown): void {
    const type = typeof grantType === 'string' && GRANT_TYPES.has(grantType) ? grantType : 'other';
    if (error === undefined) return void this.grants.inc({ grant_type: type, outcome: 'success', error: '' });
    const code = (error as { error?: unknown }).error;
    this.grants.inc({ grant_type: type, outcome: 'error', error: typeof code === 'string' && ERROR_CODE.test(code) ? code : 'other' });
  }
}

function signInOutcome(error: unknown): Exclude<SignInOutcome, 'success'> {
  if (error instanceof TooManyAttemptsError) return 'throttled';
  if (causedByDatabaseOutage(error) || error instanceof AuthsignalUnavailableError) return 'unavailable';
  return 'refused';
}
