import { describe, expect, it } from '@jest/globals';
import { fingerprintOf, type KeySchedule, keyState, nextKeyFor, publishedInOrder, signingKeyFor } from './signing-key-schedule.js';

const at = (hour: number) => new Date(Date.UTC(2026, 0, 1, hour));
const aKey = (overrides: Partial<KeySchedule> = {}): KeySchedule => ({
  kid: 'k1',
  alg: 'RS256',
  createdAt: at(0),
  activatesAt: at(1),
  retiresAt: null,
  expiresAt: null,
  ...overrides,
});

describe(keyState.name, () => {
  const key = aKey({ retiresAt: at(5), expiresAt: at(9) });

  it.each([
    [0, 'next'],
    [1, 'active'],
    [4, 'active'],
    [5, 'retired'],
    [8, 'retired'],
    [9, 'expired'],
  ])('at hour %i a key activating at 1, retiring at 5 and expiring at 9 is %s', (hour, state) => {
    expect(keyState(key, at(hour))).toBe(state);
  });

  it('stays active while no successor is scheduled', () => {
    expect(keyState(aKey(), at(1000))).toBe('active');
  });
});

describe(publishedInOrder.name, () => {
  const old = aKey({ kid: 'old', activatesAt: at(0), retiresAt: at(2), expiresAt: at(6) });
  const current = aKey({ kid: 'current', activatesAt: at(2) });
  const next = aKey({ kid: 'next', activatesAt: at(5) });
  const ec = aKey({ kid: 'ec', alg: 'ES256', activatesAt: at(0) });
  const gone = aKey({ kid: 'gone', activatesAt: at(0), retiresAt: at(1), expiresAt: at(2) });

  it('puts each algorithm’s signing key before its next and retired ones, and leaves expired keys out', () => {
    expect(publishedInOrder([old, next, gone, current, ec], at(3)).map((key) => key.kid)).toEqual(['current', 'ec', 'next', 'old']);
  });

  it('finds the signing key and the next key of an algorithm', () => {
    const keys = [old, next, current, ec];
    expect(signingKeyFor(keys, 'RS256', at(3))?.kid).toBe('current');
    expect(nextKeyFor(keys, 'RS256', at(3))?.kid).toBe('next');
    expect(nextKeyFor(keys, 'ES256', at(3))).toBeUndefined();
    expect(signingKeyFor(keys, 'EdDSA', at(3))).toBeUndefined();
  });

  it('changes the fingerprint when a key changes state, and only then', () => {
    const keys = [old, next, current];
    expect(fingerprintOf(keys, at(3))).toBe(fingerprintOf(keys, at(4)));
    expect(fingerprintOf(keys, at(5))).not.toBe(fingerprintOf(keys, at(4)));
    expect(fingerprintOf(keys, at(6))).not.toBe(fingerprintOf(keys, at(5)));
  });
});
