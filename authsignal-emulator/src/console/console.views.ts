import type { AuthenticatorRecord } from '../store/store.types.js';

const METHOD_NAMES: Record<string, string> = {
  PASSKEY: 'Passkey',
  AUTHENTICATOR_APP: 'Authenticator app',
  EMAIL_OTP: 'Email OTP',
  SMS: 'SMS',
};

/** Enough of the secret to recognise it, not enough to use it. */
export function maskSecret(secret: string): string {
  return secret.length <= 4 ? '••••' : `${secret.slice(0, 3)}${'•'.repeat(Math.min(8, secret.length - 3))}`;
}

export function authenticatorSummary(authenticator: AuthenticatorRecord) {
  const detail = authenticator.passkey?.name ?? authenticator.email ?? authenticator.phoneNumber;
  return {
    method: METHOD_NAMES[authenticator.verificationMethod] ?? authenticator.verificationMethod,
    detail,
    createdAt: authenticator.createdAt,
    lastVerifiedAt: authenticator.lastVerifiedAt,
  };
}
