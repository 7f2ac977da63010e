import { Inject, Injectable } from '@nestjs/common';
import { Authsignal, AuthsignalError, VerificationMethod } from '@authsignal/node';
import { AuthsignalCallMetrics } from '../common/metrics/authsignal-call-metrics.js';
import { withTimeout } from '../common/with-timeout.js';
import { AcceptedChallengesRepository } from './accepted-challenges.repository.js';
import { AUTHSIGNAL_CLIENT } from './authsignal.constants.js';
import { AuthsignalUnavailableError, ChallengeRejectedError } from './authsignal.errors.js';
import { type ChallengeExpectation, challengeRejection, isPlausibleToken } from './challenge-checks.js';

/** The SDK has no timeout of its own: a hung Authsignal must fail the sign-in, not hang it. */
const CALL_TIMEOUT_MS = 10_000;

/** A password sign-in to report to Authsignal, with what its rules and the pre-built UI use. */
export interface SignInAttempt {
  userId: string;
  action: string;
  /** Where the pre-built UI sends the browser back, with `token` appended. */
  redirectUrl: string;
  username: string;
  email?: string;
  ipAddress?: string;
  userAgent?: string;
  /** The browser SDK's device id (`__as_aid` cookie), when the browser has one. */
  deviceId?: string;
}

export interface TrackedSignIn {
  /** `ALLOW`, `CHALLENGE_REQUIRED`, `BLOCK`, `REVIEW_REQUIRED`, … */
  state: string;
  isEnrolled: boolean;
  /** The pre-built UI, for a challenge or a first enrolment. */
  url: string;
  /** Identifies this tracked action: its callback accepts this action's token only. */
  idempotencyKey: string;
}

export interface AcceptedChallenge {
  userId: string;
  verificationMethod?: string;
}

/**
 * Authsignal in the identity server's vocabulary: the only importer of `@authsignal/node`. Errors leave
 * as `AuthsignalUnavailableError` (fail closed) or `ChallengeRejectedError` (a token that proves nothing).
 */
@Injectable()
export class AuthsignalService {
  constructor(
    @Inject(AUTHSIGNAL_CLIENT) private readonly client: Authsignal,
    private readonly acceptedChallenges: AcceptedChallengesRepository,
    private readonly metrics: AuthsignalCallMetrics,
  ) {}

  async trackSignIn(attempt: SignInAttempt): Promise<TrackedSignIn> {
    const { userId, action, ...attributes } = attempt;
    const response = await this.call('track', () => this.client.track({ userId, action, attributes }));
    // The browser is sent to this URL: anything but a web page (a `javascript:` URL, garbage) is an outage, not a link.
    if (!isWebUrl(response.url)) throw new AuthsignalUnavailableError('track', { cause: new Error('no usable pre-built UI URL') });
    return { state: response.state, isEnrolled: response.isEnrolled, url: response.url, idempotencyKey: response.idempotencyKey };
  }

  /**
   * Accepts a token returned by Authsignal only if it proves a completed challenge for exactly what the
   * caller expects, and has never been accepted before (recorded in the database, so replay fails across
   * restarts and instances). Throws `ChallengeRejectedError` otherwise.
   */
  async acceptChallenge(token: unknown, expected: ChallengeExpectation): Promise<AcceptedChallenge> {
    if (!isPlausibleToken(token)) throw new ChallengeRejectedError('missing or malformed token');
    const result = await this.call('validate', () =>
      this.client.validateChallenge({ token, action: expected.actionCode, userId: expected.userId }),
    ).catch((error: unknown) => {
      // A token Authsignal refuses outright is the caller's problem, not an outage.
      const refused = error instanceof AuthsignalUnavailableError && error.cause instanceof AuthsignalError && [400, 404].includes(error.cause.statusCode);
      throw refused ? new ChallengeRejectedError(`token refused by Authsignal (${(error.cause as AuthsignalError).errorCode})`) : error;
    });
    const checked = { ...result, actionCode: result.action };
    const rejection = challengeRejection(checked, expected);
    if (rejection) throw new ChallengeRejectedError(rejection);
    if (!(await this.acceptedChallenges.recordFirstUse(checked.idempotencyKey!, checked.userId!))) {
      throw new ChallengeRejectedError('token already used');
    }
    return { userId: checked.userId!, verificationMethod: checked.verificationMethod };
  }

  async hasAuthenticatorApp(userId: string): Promise<boolean> {
    const authenticators = await this.call('getAuthenticators', () => this.client.getAuthenticators({ userId }));
    return authenticators.some((authenticator) => authenticator.verificationMethod === VerificationMethod.AUTHENTICATOR_APP);
  }

  /**
   * Enrols an authenticator app whose secret we chose (development demo data). `otpUri` is the emulator's
   * extension of the enrolment call; the real Authsignal enrols authenticator apps through its UI or SDKs.
   */
  async enrolAuthenticatorApp(userId: string, otpUri: string): Promise<void> {
    const attributes = { verificationMethod: VerificationMethod.AUTHENTICATOR_APP, otpUri };
    await this.call('enrollVerifiedAuthenticator', () => this.client.enrollVerifiedAuthenticator({ userId, attributes }));
  }

  private async call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await this.metrics.time(operation, () => withTimeout(request(), CALL_TIMEOUT_MS, () => new CallTimeoutError()), callOutcome);
    } catch (error) {
      throw new AuthsignalUnavailableError(operation, { cause: error });
    }
  }
}

class CallTimeoutError extends Error {
  constructor() {
    super(`no answer within ${CALL_TIMEOUT_MS} ms`);
  }
}

/** How a call failed, for the metrics: no answer in time, none at all, or Authsignal's status. */
function callOutcome(error: unknown): string {
  if (error instanceof CallTimeoutError) return 'timeout';
  if (!(error instanceof AuthsignalError)) return 'unexpected';
  // The SDK reports "no usable answer" (refused, reset, DNS) as a synthetic 500 `unexpected_error`.
  if (error.errorCode === 'unexpected_error' && !error.axiosError?.response) return 'unreachable';
  if (error.statusCode >= 500) return 'server_error';
  return error.statusCode === 401 || error.statusCode === 403 ? 'unauthorised' : 'rejected';
}

function isWebUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return ['https:', 'http:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
