import { randomInt, timingSafeEqual } from 'node:crypto';

/** Email OTP codes: 6 digits, valid 10 minutes (reference §7.12). */
export const EMAIL_OTP_LIFETIME_MS = 10 * 60 * 1000;

export function newEmailCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** Constant-time comparison; a code of another length or with spaces around it is simply wrong. */
export function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given.trim());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
