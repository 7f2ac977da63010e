import { randomInt, timingSafeEqual } from 'node:crypto';

/** Email OTP codes: 6 digits, valid the tenant's `emailOtpLifetimeSeconds` (10 minutes by default, reference §7.12). */
export const emailOtpExpiry = (tenant: { emailOtpLifetimeSeconds: number }, now: number): string =>
  new Date(now + tenant.emailOtpLifetimeSeconds * 1000).toISOString();

export function newEmailCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** Constant-time comparison; a code of another length or with spaces around it is simply wrong. */
export function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given.trim());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
