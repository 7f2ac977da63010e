import { describe, expect, it } from '@jest/globals';
import { KeyDecryptionError, openKey, sealKey } from './key-encryption.js';

const secret = 's'.repeat(32);
const jwk = { kty: 'RSA', d: 'private-part', kid: 'k1' };

describe(sealKey.name, () => {
  it('round-trips and never stores the key in the clear', () => {
    const sealed = sealKey(jwk, secret);
    expect(JSON.stringify(sealed)).not.toContain('private-part');
    expect(openKey(sealed, secret)).toEqual(jwk);
  });

  it('uses a fresh IV every time', () => {
    expect(sealKey(jwk, secret).iv).not.toBe(sealKey(jwk, secret).iv);
  });

  it('refuses another secret and a tampered ciphertext', () => {
    const sealed = sealKey(jwk, secret);
    expect(() => openKey(sealed, 't'.repeat(32))).toThrow(KeyDecryptionError);
    const flipped = Buffer.from(sealed.ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => openKey({ ...sealed, ciphertext: flipped.toString('base64url') }, secret)).toThrow(/SIGNING_KEY_SECRET/);
  });
});
