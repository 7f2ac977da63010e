import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

/**
 * Signs and checks the provider's cookies exactly as `keygrip` does with its defaults (HMAC-SHA1 of the
 * cookie's `name=value`, base64url without padding, the first key signing and every key checking), so a
 * cookie signed before, or by an instance still on keygrip, keeps its signature; oidc-provider takes it
 * in place of the key list (`cookies.keys`). What differs is the cost: the keys become key objects once,
 * and a signature is compared with `timingSafeEqual`, where keygrip hashes both sides again under a fresh
 * random key (three HMACs and a random draw per signed cookie read, each HMAC checking its raw key anew):
 * about 45 µs per read against 2.5 here, and a sign-in reads several (BENCHMARKS.md).
 */
export class CookieSigner {
  private readonly keys: KeyObject[];

  /** `secrets`: newest first (it signs); the others still verify, so keys rotate by prepending. */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('Cookie signing needs at least one key');
    this.keys = secrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
  }

  sign(data: string): string {
    return digest(this.keys[0], data);
  }

  verify(data: string, signature: string): boolean {
    return this.index(data, signature) > -1;
  }

  /** The position of the key that made `signature` (0: the newest), or -1. */
  index(data: string, signature: string): number {
    const given = Buffer.from(String(signature), 'utf8');
    for (let position = 0; position < this.keys.length; position++) {
      const expected = Buffer.from(digest(this.keys[position], data), 'utf8');
      // The expected length is public (a SHA-1 digest's): a length mismatch reveals nothing.
      if (given.length === expected.length && timingSafeEqual(given, expected)) return position;
    }
    return -1;
  }
}

function digest(key: KeyObject, data: string): string {
  return createHmac('sha1', key).update(String(data)).digest('base64url');
}
