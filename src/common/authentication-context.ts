/**
 * How a sign-in was proven, as it appears in the ID token: `amr` values from RFC 8176 and our `acr`
 * levels. Listed here so the provider can advertise them (`acr_values_supported`).
 */
export const AMR = {
  /** Password (RFC 8176 `pwd`). */
  password: 'pwd',
  /** More than one factor was used (`mfa`). */
  multiFactor: 'mfa',
  /** A one-time code: authenticator app or email (`otp`). */
  oneTimeCode: 'otp',
  /** A code sent by text message (`sms`). */
  sms: 'sms',
  /** Proof of possession of a hardware-secured key: a passkey (`hwk`). */
  hardwareKey: 'hwk',
  /** The user was present and verified at the authenticator (`user`). */
  userPresence: 'user',
} as const;

export const ACR = {
  /** Something you know: a password alone. */
  password: 'urn:nest-identity:acr:password',
  /** Password plus a second factor from Authsignal. */
  multiFactor: 'urn:nest-identity:acr:mfa',
  /** A passkey: possession plus user verification, phishing-resistant. */
  passkey: 'urn:nest-identity:acr:passkey',
} as const;

export interface AuthenticationContext {
  amr: string[];
  acr: string;
}

/** The acr follows from the methods used, so it is never stored apart from them. */
export function authenticationContext(amr: string[]): AuthenticationContext {
  if (amr.includes(AMR.password)) return { amr, acr: amr.includes(AMR.multiFactor) ? ACR.multiFactor : ACR.password };
  return { amr, acr: ACR.passkey };
}

export const PASSWORD_ONLY: AuthenticationContext = authenticationContext([AMR.password]);

export const PASSKEY: AuthenticationContext = authenticationContext([AMR.hardwareKey, AMR.userPresence]);

/** Authsignal's verification methods as RFC 8176 methods; an unknown one still counts as a second factor. */
const METHOD_AMR: Record<string, string> = {
  AUTHENTICATOR_APP: AMR.oneTimeCode,
  EMAIL_OTP: AMR.oneTimeCode,
  SMS: AMR.sms,
  PASSKEY: AMR.hardwareKey,
  SECURITY_KEY: AMR.hardwareKey,
};

/** Password, then a second factor by `verificationMethod`: e.g. `["pwd", "mfa", "otp"]`. */
export function passwordAndSecondFactor(verificationMethod: string | undefined): AuthenticationContext {
  const method = verificationMethod ? METHOD_AMR[verificationMethod] : undefined;
  return authenticationContext([AMR.password, AMR.multiFactor, ...(method ? [method] : [])]);
}
