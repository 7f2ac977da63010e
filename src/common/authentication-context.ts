/**
 * How a sign-in was proven, as it appears in the ID token: `amr` values from RFC 8176 and our `acr`
 * levels. Listed here so the provider can advertise them (`acr_values_supported`).
 */
export const AMR = {
  password: 'pwd',
  multiFactor: 'mfa',
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

export const PASSWORD_ONLY: AuthenticationContext = { amr: [AMR.password], acr: ACR.password };
