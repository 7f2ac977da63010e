/**
 * How a sign-in was proven, as it appears in the ID token: `amr` values from RFC 8176 and our `acr`
 * levels. Listed here so the provider can advertise them (`acr_values_supported`).
 */
export const AMR = {
  /** Password (RFC 8176 `pwd`). */
  password: 'pwd',
  /** More than one factor was used (`mfa`). */
  multiFactor: 'mfa',
  /** A one-time code: authenticator app or email, as a second factor or (an email code) alone (`otp`). */
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
  /**
   * A code sent to the account's email address, alone: possession of the mailbox, one factor. Not the
   * password level either: a mailbox is not something the user knows, and NIST SP 800-63B does not
   * accept email as an authenticator, so a client asking for the password level gets a password.
   */
  emailCode: 'urn:nest-identity:acr:email-code',
} as const;

export interface AuthenticationContext {
  amr: string[];
  acr: string;
}

/**
 * The acr follows from the methods used, so it is never stored apart from them: more than one factor is
 * the multi-factor level whatever came first; otherwise the one method decides (a one-time code alone
 * can only be an email code: no step signs in with an authenticator-app code alone).
 */
export function authenticationContext(amr: string[]): AuthenticationContext {
  if (amr.includes(AMR.multiFactor)) return { amr, acr: ACR.multiFactor };
  if (amr.includes(AMR.password)) return { amr, acr: ACR.password };
  if (amr.includes(AMR.hardwareKey)) return { amr, acr: ACR.passkey };
  return { amr, acr: ACR.emailCode };
}

export const PASSWORD_ONLY: AuthenticationContext = authenticationContext([AMR.password]);

export const PASSKEY: AuthenticationContext = authenticationContext([AMR.hardwareKey, AMR.userPresence]);

/** An email code alone: RFC 8176 `otp`, as the same code is as a second factor. */
export const EMAIL_CODE: AuthenticationContext = authenticationContext([AMR.oneTimeCode]);

/**
 * The acr levels each way of signing in meets, as the ID token can claim them: a second factor meets
 * the single-factor levels too, and a passkey (possession of a hardware-bound key plus user
 * verification, phishing-resistant) meets the multi-factor level as well as its own. An email code
 * meets its own level only.
 */
const LEVELS_MET: Record<string, readonly string[]> = {
  [ACR.password]: [ACR.password],
  [ACR.emailCode]: [ACR.emailCode],
  [ACR.multiFactor]: [ACR.multiFactor, ACR.password, ACR.emailCode],
  [ACR.passkey]: [ACR.passkey, ACR.multiFactor, ACR.password, ACR.emailCode],
};

export function meetsAcr(context: AuthenticationContext, acr: string): boolean {
  return (LEVELS_MET[context.acr] ?? [context.acr]).includes(acr);
}

/** Adds methods to what earlier steps proved: `["pwd"]` and `["mfa", "otp"]` make `["pwd", "mfa", "otp"]`. */
export function withMethods(context: AuthenticationContext, amr: string[]): AuthenticationContext {
  return authenticationContext([...new Set([...context.amr, ...amr])]);
}
