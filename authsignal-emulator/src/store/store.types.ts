import type { ActionState, CustomData, VerificationMethod } from '../common/authsignal.types.js';

/** Everything the emulator remembers, per tenant. Serialised as is to the state file. */
export interface EmulatorState {
  version: 1;
  tenants: Record<string, TenantState>;
}

export interface TenantState {
  users: Record<string, UserRecord>;
  authenticators: Record<string, AuthenticatorRecord>;
  /** Keyed by `actionKey(ref)`. */
  actions: Record<string, ActionRecord>;
  /** Passkey ceremonies and OTP challenges, keyed by challengeId; removed once expired. */
  challenges: Record<string, ChallengeRecord>;
  /** Newest last; trimmed to a few hundred messages. */
  outbox: OutboxMessage[];
}

export interface UserRecord {
  userId: string;
  email?: string;
  emailVerified: boolean;
  phoneNumber?: string;
  phoneNumberVerified: boolean;
  username?: string;
  displayName?: string;
  custom?: CustomData;
  locale?: string;
  /** Random WebAuthn user handle (base64url); never the userId, which may be personal data. */
  webauthnUserHandle: string;
  createdAt: string;
}

export interface PasskeyCredential {
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports?: string[];
  aaguid: string;
  credentialBackedUp: boolean;
  credentialDeviceType: 'singleDevice' | 'multiDevice';
  authenticatorAttachment?: string;
  deviceId?: string;
  name: string;
  userAgent?: string;
}

export interface AuthenticatorRecord {
  userAuthenticatorId: string;
  userId: string;
  verificationMethod: VerificationMethod;
  createdAt: string;
  /** Absent while an enrolment (TOTP, email OTP) waits for its first code. */
  verifiedAt?: string;
  lastVerifiedAt?: string;
  isDefault?: boolean;
  email?: string;
  phoneNumber?: string;
  totp?: { secret: string; lastTimeStep?: number };
  passkey?: PasskeyCredential;
}

/** Identifies an action the way the server API does: user, action code, idempotency key. */
export interface ActionRef {
  userId: string;
  actionCode: string;
  idempotencyKey: string;
}

export interface TrackedAttributes {
  redirectUrl?: string;
  redirectToSettings?: boolean;
  scope?: string;
  email?: string;
  phoneNumber?: string;
  username?: string;
  deviceId?: string;
  ipAddress?: string;
  userAgent?: string;
  custom?: CustomData;
  locale?: string;
}

export interface ActionRecord extends ActionRef {
  state: ActionState;
  stateUpdatedAt: string;
  createdAt: string;
  verificationMethod?: VerificationMethod;
  verifiedByAuthenticatorId?: string;
  /** Wrong OTP codes entered against this action through the client API. */
  failedAttempts: number;
  attributes: TrackedAttributes;
}

interface ChallengeBase {
  challengeId: string;
  createdAt: string;
  expiresAt: string;
}

/** A WebAuthn registration started with a client token. */
export interface PasskeyRegistrationChallenge extends ChallengeBase {
  kind: 'passkey-registration';
  action: ActionRef;
  challenge: string;
}

/**
 * A WebAuthn authentication. With a client token it is bound to that token's action; otherwise it is
 * anonymous (`signIn({ action })` or autofill) and the action is created on success with `actionCode`.
 */
export interface PasskeyAuthenticationChallenge extends ChallengeBase {
  kind: 'passkey-authentication';
  /** Absent between `POST /client/challenge` and the authentication options that fill it in. */
  challenge?: string;
  action?: ActionRef;
  actionCode: string;
}

/** An email OTP sent through the client API, bound to the token's action. */
export interface EmailOtpChallenge extends ChallengeBase {
  kind: 'email-otp';
  action: ActionRef;
  purpose: 'enroll' | 'challenge';
  userAuthenticatorId: string;
  email: string;
  code: string;
}

/** An email OTP sent by the server API (`POST /challenge`), claimed later for a user. */
export interface ServerEmailOtpChallenge extends ChallengeBase {
  kind: 'server-email-otp';
  actionCode: string;
  idempotencyKey: string;
  email: string;
  code: string;
  userId?: string;
  scope?: string;
  attempts: number;
  verifiedAt?: string;
  claimedAt?: string;
}

export type ChallengeRecord =
  | PasskeyRegistrationChallenge
  | PasskeyAuthenticationChallenge
  | EmailOtpChallenge
  | ServerEmailOtpChallenge;

export interface OutboxMessage {
  messageId: string;
  to: string;
  subject: string;
  code: string;
  purpose: 'enroll' | 'challenge' | 'server-challenge';
  sentAt: string;
}
