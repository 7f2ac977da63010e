import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The directory's own password hash format, `scrypt$<N>$<salt>$<hash>`:
 * - `N`: scrypt's cost, a power of two, in decimal; r = 8 and p = 1 always;
 * - `salt`: 16 random bytes, base64url without padding;
 * - `hash`: scrypt's 32-byte output for the password's UTF-8 NFKC form, base64url without padding.
 *
 * Each hash carries its own cost, so rows written at an older cost keep verifying after it is raised.
 */
const PREFIX = 'scrypt';
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** OWASP's minimum for scrypt (2^17, r = 8, p = 1): 128 MiB and a few hundred milliseconds per hash. */
export const EMPLOYEE_HASH_COST = 2 ** 17;
/** A higher cost in a row is a corrupt row, not a hash the directory wrote: refused before it can take a gigabyte. */
const MAX_COST = 2 ** 18;

/** Salts of 12 to 96 bytes and hashes of 16 to 64 bytes, in base64url: anything else is not a hash the directory wrote. */
const FORMAT = /^scrypt\$([1-9][0-9]{0,9})\$([A-Za-z0-9_-]{16,128})\$([A-Za-z0-9_-]{22,86})$/;

/** A hash in the directory's format, as its own tooling would write it (the spec uses it to seed employees). */
export async function hashEmployeePassword(password: string, cost = EMPLOYEE_HASH_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, cost, HASH_BYTES);
  return [PREFIX, cost, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`, compared in constant time. A malformed hash is a failed check, not a crash. */
export async function verifyEmployeePassword(stored: string, password: string): Promise<boolean> {
  const parts = FORMAT.exec(stored);
  if (!parts) return false;
  const cost = Number(parts[1]);
  if (!isPowerOfTwo(cost) || cost > MAX_COST) return false;
  const expected = Buffer.from(parts[3], 'base64url');
  const actual = await derive(password, Buffer.from(parts[2], 'base64url'), cost, expected.length);
  return timingSafeEqual(actual, expected);
}

function derive(password: string, salt: Buffer, cost: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // scrypt needs 128 · N · r bytes; Node's default ceiling (32 MiB) is below the cost we use.
    scrypt(password.normalize('NFKC'), salt, length, { N: cost, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * cost * BLOCK_SIZE }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

const isPowerOfTwo = (value: number) => value > 1 && (value & (value - 1)) === 0;
