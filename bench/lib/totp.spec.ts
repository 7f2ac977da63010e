import { describe, expect, it } from '@jest/globals';
import { base32Decode, base32Encode, totpCode, totpStep } from './totp.js';

describe('totpCode', () => {
  // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890"; the RFC's 8-digit codes, last 6 digits.
  const seed = Buffer.from('12345678901234567890');

  it('matches the RFC 6238 test vectors', () => {
    expect(totpCode(seed, totpStep(59_000))).toBe('287082');
    expect(totpCode(seed, totpStep(1_111_111_109_000))).toBe('081804');
    expect(totpCode(seed, totpStep(2_000_000_000_000))).toBe('279037');
  });
});

describe('base32', () => {
  it('round-trips and reads the RFC 4648 examples', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(base32Decode(base32Encode(Buffer.from('12345678901234567890'))).toString()).toBe('12345678901234567890');
  });
});
