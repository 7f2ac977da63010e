import { Authsignal, AuthsignalError, type UserAuthenticator, VerificationMethod } from '@authsignal/node';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AuthsignalSettings } from '../../../src/common/config/authsignal-environment.js';
import { AuthsignalCallMetrics } from '../../../src/common/metrics/authsignal-call-metrics.js';
import { withTimeout } from '../../../src/common/with-timeout.js';
import { loadAuthenticatorNames, passkeyName } from './authenticator-names/authenticator-names.js';
import { AUTHSIGNAL_CLIENT, AUTHSIGNAL_TIMEOUT, AUTHSIGNAL_TIMEOUT_MS, ENROLMENT_SCOPE } from './passkeys.constants.js';
import { PasskeyNotFoundError, type PasskeyServiceFailure, PasskeyServiceUnavailableError } from './passkeys.errors.js';

/** What we use of the node SDK; tests hand in a fake with these three methods. */
export type AuthsignalClient = Pick<Authsignal, 'track' | 'getAuthenticators' | 'deleteAuthenticator'>;

/** The long-lived SDK client, for the factory provider under `AUTHSIGNAL_CLIENT`. */
export function createAuthsignalClient(settings: AuthsignalSettings): AuthsignalClient {
  return new Authsignal({ apiSecretKey: settings.secretKey, apiUrl: settings.apiUrl });
}

/** One of the user's passkeys, as the passkey page shows it. */
export interface Passkey {
  /** Authsignal's `userAuthenticatorId`: what removal names. */
  id: string;
  /** Where the passkey lives, by its authenticator’s AAGUID ("Apple Passwords"); see `passkeyName`. */
  name: string;
  createdAt?: Date;
  /** Absent when the passkey was never used to sign in. */
  lastUsedAt?: Date;
}

export interface EnrolmentRequest {
  /** The OIDC `sub`: the user's id at Authsignal too. */
  userId: string;
  action: string;
  username?: string;
  email?: string;
  ipAddress?: string;
  userAgent?: string;
}

/**
 * The client app's only door to Authsignal (the only importer of `@authsignal/node` here), in our words:
 * mint an enrolment token, list passkeys, remove one. Every SDK failure leaves as a domain error, and no call
 * waits longer than `AUTHSIGNAL_TIMEOUT_MS`.
 */
@Injectable()
export class PasskeysAuthsignal {
  constructor(
    @Inject(AUTHSIGNAL_CLIENT) private readonly client: AuthsignalClient,
    private readonly metrics: AuthsignalCallMetrics,
    @Optional() @Inject(AUTHSIGNAL_TIMEOUT) private readonly timeoutMs: number = AUTHSIGNAL_TIMEOUT_MS,
  ) {}

  /**
   * Tracks the enrolment action and returns its client token, which lets the browser SDK add a passkey for this
   * user (`add:authenticators`: also when the user already has authenticators). Valid for about 10 minutes.
   */
  async enrolmentToken(request: EnrolmentRequest): Promise<string> {
    const { userId, action, ...attributes } = request;
    const response = await this.call('track', () =>
      this.client.track({ userId, action, attributes: { scope: ENROLMENT_SCOPE, ...withoutUndefined(attributes) } }),
    );
    if (typeof response?.token !== 'string' || response.token === '') {
      throw new PasskeyServiceUnavailableError('unexpected', 'track', { cause: new Error('the track response has no token') });
    }
    return response.token;
  }

  /** The user's passkeys, oldest first; other authenticators (authenticator app, email) are not passkeys. */
  async passkeys(userId: string): Promise<Passkey[]> {
    const authenticators = await this.call('getAuthenticators', () => this.client.getAuthenticators({ userId }));
    return (Array.isArray(authenticators) ? authenticators : [])
      .filter((authenticator) => authenticator.verificationMethod === VerificationMethod.PASSKEY)
      .map(toPasskey)
      .sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
  }

  async removePasskey(userId: string, passkeyId: string): Promise<void> {
    await this.call('deleteAuthenticator', () => this.client.deleteAuthenticator({ userId, userAuthenticatorId: passkeyId }));
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    const timed = () =>
      withTimeout(send(), this.timeoutMs, () => new PasskeyServiceUnavailableError('timeout', operation, { cause: new Error(`no answer within ${this.timeoutMs} ms`) }));
    try {
      return await this.metrics.time(operation, timed, (error) => {
        const translated = translate(error, operation);
        return translated instanceof PasskeyServiceUnavailableError ? translated.failure : 'not_found';
      });
    } catch (error) {
      throw translate(error, operation);
    }
  }
}

function translate(error: unknown, operation: string): Error {
  if (error instanceof PasskeyServiceUnavailableError) return error;
  if (error instanceof AuthsignalError && error.statusCode === 404) return new PasskeyNotFoundError({ cause: error });
  return new PasskeyServiceUnavailableError(failureOf(error), operation, { cause: error });
}

function failureOf(error: unknown): PasskeyServiceFailure {
  if (!(error instanceof AuthsignalError)) return 'unexpected';
  // The SDK reports "no usable answer" (refused, reset, DNS, an empty error body) as a synthetic 500 `unexpected_error`.
  if (error.errorCode === 'unexpected_error' && !error.axiosError?.response) return 'unreachable';
  if (error.statusCode === 401 || error.statusCode === 403) return 'rejected';
  if (error.statusCode >= 500) return 'server_error';
  return 'unexpected';
}

/** Read once, when the passkey page's module loads: a vendored file, never fetched. */
const AUTHENTICATOR_NAMES = loadAuthenticatorNames();

function toPasskey(authenticator: UserAuthenticator): Passkey {
  return {
    id: authenticator.userAuthenticatorId,
    name: passkeyName(authenticator.webauthnCredential, AUTHENTICATOR_NAMES),
    createdAt: dateOrUndefined(authenticator.createdAt),
    lastUsedAt: dateOrUndefined(authenticator.lastVerifiedAt),
  };
}

function dateOrUndefined(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
