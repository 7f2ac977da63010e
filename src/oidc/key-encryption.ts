import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** A private key as stored: AES-256-GCM, so a database dump or backup alone cannot sign tokens. */
export interface SealedKey {
  alg: 'A256GCM';
  iv: string;
  tag: string;
  ciphertext: string;
}

/** The stored key could not be opened: tampered with, or sealed under another secret. */
export class KeyDecryptionError extends Error {}

const HKDF_INFO = 'identity-server signing key encryption v1';

/** A 256-bit key derived from the configured secret, whatever its length. */
function encryptionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));
}

export function sealKey(value: object, secret: string): SealedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { alg: 'A256GCM', iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url') };
}

export function openKey<T>(sealed: SealedKey, secret: string): T {
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey(secret), Buffer.from(sealed.iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
    return JSON.parse(plaintext.toString('utf8')) as T;
  } catch (error) {
    throw new KeyDecryptionError('Cannot decrypt the stored signing keys: was SIGNING_KEY_SECRET changed?', { cause: error });
  }
}
