import { Inject, Injectable } from '@nestjs/common';
import { Authsignal, AuthsignalError, type UserAuthenticator, VerificationFailureReason, VerificationMethod } from '@authsignal/node';
import { randomUUID } from 'node:crypto';
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

/** A sign-in code to email, with what Authsignal's rules and logs use. */
export interface EmailCodeRequest {
  email: string;
  action: string;
  ipAddress?: string;
  userAgent?: string;
  deviceId?: string;
}

/** Whether Authsignal sent the code; a refusal (its rate limit, an address it will not mail) is no outage. */
export type EmailCodeSending = { sent: true; challengeId: string } | { sent: false; reason: string };

/** Authsignal's word on a typed code. */
export type EmailCodeCheck = { verified: true; email?: string } | { verified: false; reason: 'wrong-or-expired' | 'too-many-tries' };

/** One of a user's authenticators at Authsignal, in our words. */
export interface Authenticator {
  id: string;
  /** `AUTHENTICATOR_APP`, `EMAIL_OTP`, `SMS`, `PASSKEY`, … */
  method: string;
  createdAt?: string;
  /** The address, number or passkey name, where there is one. */
  label?: string;
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

  /**
   * Emails a sign-in code to `email` (Authsignal's server-side challenge, not yet tied to any user: the
   * claim does that once the code is right). Answers `sent: false` when Authsignal declines to send.
   */
  async sendEmailCode(request: EmailCodeRequest): Promise<EmailCodeSending> {
    const { email, action, ...circumstances } = request;
    try {
      const response = await this.call('challenge', () =>
        this.client.challenge({ verificationMethod: VerificationMethod.EMAIL_OTP, action, email, ...withoutUndefined(circumstances) }),
      );
      if (typeof response?.challengeId !== 'string' || response.challengeId === '') {
        throw new AuthsignalUnavailableError('challenge', { cause: new Error('the challenge response has no challenge id') });
      }
      return { sent: true, challengeId: response.challengeId };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return { sent: false, reason: refusal.errorCode ?? String(refusal.statusCode) };
      throw error;
    }
  }

  /** Checks a typed code against the challenge it was sent for. A challenge Authsignal no longer knows is a wrong code. */
  async verifyEmailCode(challengeId: string, code: string): Promise<EmailCodeCheck> {
    try {
      const result = await this.call('verify', () => this.client.verify({ challengeId, verificationCode: code }));
      if (result?.isVerified === true) return { verified: true, email: result.email };
      return { verified: false, reason: result?.failureReason === VerificationFailureReason.MAX_ATTEMPTS_EXCEEDED ? 'too-many-tries' : 'wrong-or-expired' };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return { verified: false, reason: refusal.statusCode === 429 ? 'too-many-tries' : 'wrong-or-expired' };
      throw error;
    }
  }

  /** Ties a verified email challenge to the user it signs in; returns the token that proves it (see `acceptChallenge`). */
  async claimEmailCode(challengeId: string, userId: string): Promise<string> {
    try {
      const { token } = await this.call('claim', () => this.client.claimChallenge({ challengeId, userId }));
      return token;
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) throw new ChallengeRejectedError(`claim refused by Authsignal (${refusal.errorCode ?? refusal.statusCode})`);
      throw error;
    }
  }

  /**
   * A call that changes nothing (the enrolment of a user id nobody has), for a request that must look
   * like one that calls Authsignal: it takes a round trip, and fails as that one would when Authsignal
   * is down. Any answer, even a refusal, means Authsignal is there.
   */
  async roundTrip(): Promise<void> {
    await this.call('getUser', () => this.client.getUser({ userId: `nobody-${randomUUID()}` })).catch((error: unknown) => {
      if (!refusalOf(error)) throw error;
    });
  }

  async listAuthenticators(userId: string): Promise<Authenticator[]> {
    const authenticators = await this.call('getAuthenticators', () => this.client.getAuthenticators({ userId }));
    return (Array.isArray(authenticators) ? authenticators : []).map(toAuthenticator);
  }

  /** Removes one authenticator; one already gone (404) is not an error. */
  async removeAuthenticator(userId: string, authenticatorId: string): Promise<void> {
    await this.call('deleteAuthenticator', () => this.client.deleteAuthenticator({ userId, userAuthenticatorId: authenticatorId })).catch((error: unknown) => {
      if (refusalOf(error)?.statusCode !== 404) throw error;
    });
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

/**
 * Authsignal answered, and said no to this request (a 4xx other than our credentials being refused,
 * which is an outage like any other): the request's problem, not Authsignal's.
 */
function refusalOf(error: unknown): AuthsignalError | undefined {
  const cause = error instanceof AuthsignalUnavailableError ? error.cause : undefined;
  if (!(cause instanceof AuthsignalError)) return undefined;
  return cause.statusCode >= 400 && cause.statusCode < 500 && cause.statusCode !== 401 && cause.statusCode !== 403 ? cause : undefined;
}

function toAuthenticator(authenticator: UserAuthenticator): Authenticator {
  return {
    id: authenticator.userAuthenticatorId,
    method: authenticator.verificationMethod,
    createdAt: authenticator.createdAt,
    label: authenticator.email ?? authenticator.phoneNumber ?? authenticator.webauthnCredential?.name,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
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
