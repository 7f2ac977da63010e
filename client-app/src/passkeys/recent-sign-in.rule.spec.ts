import { describe, expect, it } from '@jest/globals';
import { CLOCK_SKEW_SECONDS, isRecentSignIn } from './recent-sign-in.rule.js';

describe(isRecentSignIn.name, () => {
  const now = 1_767_225_600;

  it.each([
    ['just now', now],
    ['a minute ago', now - 60],
    ['exactly the limit ago', now - 600],
    ['slightly ahead of our clock (skew)', now + CLOCK_SKEW_SECONDS],
  ])('accepts a sign-in %s', (_case, authTime) => {
    expect(isRecentSignIn(authTime, now, 600)).toBe(true);
  });

  it.each([
    ['one second past the limit', now - 601],
    ['a day ago', now - 86_400],
    ['implausibly far in the future', now + CLOCK_SKEW_SECONDS + 1],
    ['without auth_time', undefined],
    ['with auth_time as a string', String(now)],
    ['with auth_time not a number', Number.NaN],
    ['with auth_time infinite', Number.POSITIVE_INFINITY],
  ])('refuses a sign-in %s', (_case, authTime) => {
    expect(isRecentSignIn(authTime, now, 600)).toBe(false);
  });
});
