import { createHmac, timingSafeEqual } from 'node:crypto';

/** HS256 JSON Web Tokens with node:crypto: all the emulator needs, so no JWT library. */

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(signingInput: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signJwt(payload: object, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signingInput = `${HEADER}.${body}`;
  return `${signingInput}.${signature(signingInput, secret).toString('base64url')}`;
}

/** The payload without checking the signature: only to learn which tenant's secret to check it with. */
export function decodeJwtUnverified(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'HS256') return undefined;
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The payload when the signature is the secret's HS256 signature, else undefined. Expiry is the caller's rule. */
export function verifyJwt(token: string, secret: string): Record<string, unknown> | undefined {
  const payload = decodeJwtUnverified(token);
  if (!payload) return undefined;
  const [header, body, given] = token.split('.');
  const expected = signature(`${header}.${body}`, secret);
  const actual = Buffer.from(given, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? payload : undefined;
}
