import type { VerificationMethod } from '../common/authsignal.types.js';
import type { AuthenticatorRecord, UserRecord } from '../store/store.types.js';
import type { Enrolment } from './users.service.js';

/** API shapes of users and authenticators (node SDK `GetUserResponse`, `UserAuthenticator`). Secrets never leave. */

export function userAttributesView(user: UserRecord | undefined) {
  return {
    email: user?.email,
    emailVerified: user?.emailVerified ?? false,
    phoneNumber: user?.phoneNumber,
    phoneNumberVerified: user?.phoneNumberVerified ?? false,
    username: user?.username,
    displayName: user?.displayName,
    custom: user?.custom,
    locale: user?.locale,
  };
}

export function userView(user: UserRecord | undefined, enrolment: Enrolment, allowed: VerificationMethod[]) {
  return {
    isEnrolled: enrolment.isEnrolled,
    ...userAttributesView(user),
    enrolledVerificationMethods: enrolment.enrolledVerificationMethods,
    allowedVerificationMethods: allowed,
    defaultVerificationMethod: enrolment.defaultVerificationMethod,
  };
}

export function authenticatorView(authenticator: AuthenticatorRecord, user?: UserRecord) {
  const passkey = authenticator.passkey;
  return {
    userId: authenticator.userId,
    userAuthenticatorId: authenticator.userAuthenticatorId,
    verificationMethod: authenticator.verificationMethod,
    createdAt: authenticator.createdAt,
    verifiedAt: authenticator.verifiedAt,
    lastVerifiedAt: authenticator.lastVerifiedAt,
    isDefault: authenticator.isDefault,
    email: authenticator.email,
    phoneNumber: authenticator.phoneNumber,
    username: passkey ? user?.username : undefined,
    displayName: passkey ? user?.displayName : undefined,
    webauthnCredential: passkey && {
      credentialId: passkey.credentialId,
      deviceId: passkey.deviceId ?? '',
      name: passkey.name,
      aaguid: passkey.aaguid,
      credentialBackedUp: passkey.credentialBackedUp,
      credentialDeviceType: passkey.credentialDeviceType,
      authenticatorAttachment: passkey.authenticatorAttachment,
      parsedUserAgent: passkey.userAgent ? { ua: passkey.userAgent } : undefined,
      verifiedAt: authenticator.verifiedAt,
    },
  };
}
