import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import Keygrip from 'keygrip';
import { CookieSigner } from './cookie-signer.js';

/** What the `cookies` package signs: `name=value`, with values as oidc-provider writes them, and anything a client sends. */
const cookieData = fc.oneof(
  fc.tuple(fc.constantFrom('_interaction', '_interaction_resume', '_session', '_session.legacy'), fc.base64String()).map(([name, value]) => `${name}=${value}`),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);
const secrets = fc.array(fc.string({ minLength: 1, unit: 'grapheme' }), { minLength: 1, maxLength: 3 });

describe(CookieSigner.name, () => {
  it("signs as keygrip does, so a cookie signed by either is accepted by the other", () => {
    fc.assert(
      fc.property(secrets, cookieData, (keys, data) => {
        const ours = new CookieSigner(keys);
        const theirs = new Keygrip(keys);
        expect(ours.sign(data)).toBe(theirs.sign(data));
        expect(ours.index(data, theirs.sign(data))).toBe(0);
        expect(theirs.index(data, ours.sign(data))).toBe(0);
      }),
    );
  });

  it('finds the key that signed, as keygrip does, and refuses what no key signed', () => {
    fc.assert(
      fc.property(secrets, cookieData, fc.string({ unit: 'binary' }), (keys, data, forged) => {
        const ours = new CookieSigner(keys);
        const theirs = new Keygrip(keys);
        for (const key of keys) {
          const signature = new Keygrip([key]).sign(data);
          expect(ours.index(data, signature)).toBe(theirs.index(data, signature));
          expect(ours.verify(data, signature)).toBe(true);
        }
        expect(ours.index(data, forged)).toBe(theirs.index(data, forged));
        // Another cookie's signature does not fit this one.
        expect(ours.verify(`${data}x`, ours.sign(data))).toBe(false);
      }),
    );
  });

  it('refuses a signature changed in one character, or cut short', () => {
    const signer = new CookieSigner(['newest-key-0123456789abcdef', 'older-key-0123456789abcdef']);
    const signature = signer.sign('_session=abc');
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(signer.verify('_session=abc', flipped)).toBe(false);
    expect(signer.verify('_session=abc', signature.slice(0, -1))).toBe(false);
    expect(signer.verify('_session=abc', '')).toBe(false);
    expect(new CookieSigner(['older-key-0123456789abcdef']).index('_session=xyz', signer.sign('_session=xyz'))).toBe(-1);
  });

  it('needs a key', () => {
    expect(() => new CookieSigner([])).toThrow('at least one key');
  });
});
