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

/**
 * The acr levels each way of signing in meets, as the ID token can claim them: a second factor meets
 * the password level too, and a passkey (possession of a hardware-bound key plus user verification,
 * phishing-resistant) meets the multi-factor level as well as its own.
 */
const LEVELS_MET: Record<string, readonly string[]> = {
  [ACR.password]: [ACR.password],
  [ACR.multiFactor]: [ACR.multiFactor, ACR.password],
  [ACR.passkey]: [ACR.passkey, ACR.multiFactor, ACR.password],
};

export function meetsAcr(context: AuthenticationContext, acr: string): boolean {
  return (LEVELS_MET[context.acr] ?? [context.acr]).includes(acr);
}

/** Adds methods to what earlier steps proved: `["pwd"]` and `["mfa", "otp"]` make `["pwd", "mfa", "otp"]`. */
export function withMethods(context: AuthenticationContext, amr: string[]): AuthenticationContext {
  return authenticationContext([...new Set([...context.amr, ...amr])]);
}
