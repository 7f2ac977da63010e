import { generateSecret, generateURI, verify } from 'otplib';

/** TOTP as authenticator apps expect it: SHA-1, 6 digits, 30-second steps (otplib's defaults). */

/** One step either side, for clocks that drift and codes typed as they roll over. */
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(issuer: string, label: string, secret: string): string {
  return generateURI({ issuer, label, secret });
}

/**
 * Checks a code and returns its time step, so that the same code cannot be replayed: a code is accepted only
 * for a later step than the last one used with this secret.
 */
export async function checkTotp(secret: string, code: string, lastTimeStep?: number): Promise<{ valid: boolean; timeStep?: number }> {
  if (!/^\d{6}$/.test(code)) return { valid: false };
  const result = await verify({ secret, token: code, epochTolerance: TOLERANCE_SECONDS, afterTimeStep: lastTimeStep });
  if (!result.valid) return { valid: false };
  return { valid: true, timeStep: 'timeStep' in result ? result.timeStep : undefined };
}
