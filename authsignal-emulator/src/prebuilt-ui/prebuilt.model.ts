import type { SupportedMethod } from '../common/authsignal.types.js';

/** What the page script needs, rendered into one `data-config` attribute (no inline script). */
export interface PrebuiltConfig {
  tenantId: string;
  apiUrl: string;
  token: string;
  mode: 'popup' | 'redirect';
  /** `challenge`: verify with an enrolled method; `enroll`: first method; `settings`: add methods (already authorised). */
  flow: 'challenge' | 'enroll' | 'settings';
  enrolledMethods: SupportedMethod[];
  allowedMethods: SupportedMethod[];
  defaultMethod?: SupportedMethod;
  /** Show the settings screen once the challenge succeeded (`redirectToSettings` or `force_enrollment`). */
  settingsAfterChallenge: boolean;
  email?: string;
  username?: string;
  hasRedirect: boolean;
  /** Origins the page posts its popup messages to: the tenant's expected origins, never `*`. */
  messageOrigins: string[];
}

export interface MethodChoice {
  id: SupportedMethod;
  label: string;
  hint: string;
}

export const METHOD_LABELS: Record<SupportedMethod, { label: string; challengeHint: string; enrollHint: string }> = {
  PASSKEY: {
    label: 'Passkey',
    challengeHint: 'Use your fingerprint, face or screen lock',
    enrollHint: 'Sign in with your fingerprint, face or screen lock',
  },
  AUTHENTICATOR_APP: {
    label: 'Authenticator app',
    challengeHint: 'Enter a code from your authenticator app',
    enrollHint: 'Google Authenticator, 1Password, Authy…',
  },
  EMAIL_OTP: {
    label: 'Email code',
    challengeHint: 'Get a one-time code by email',
    enrollHint: 'Receive one-time codes by email',
  },
};
