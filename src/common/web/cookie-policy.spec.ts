import { describe, expect, it } from '@jest/globals';
import { withCookiePolicy } from './cookie-policy.js';

describe(withCookiePolicy.name, () => {
  it('adds HttpOnly and SameSite=Lax to a cookie that has neither, and Secure behind TLS', () => {
    expect(withCookiePolicy('_session.sig=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT', true)).toBe(
      '_session.sig=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('keeps what the writer chose', () => {
    const strict = 'a=b; Path=/; HttpOnly; SameSite=Strict; Secure';
    expect(withCookiePolicy(strict, true)).toBe(strict);
    expect(withCookiePolicy('a=b; samesite=none; secure; httponly', false)).toBe('a=b; samesite=none; secure; httponly');
  });

  it('leaves Secure off without TLS, and reads attribute names, not values', () => {
    expect(withCookiePolicy('note=samesite; Path=/', false)).toBe('note=samesite; Path=/; HttpOnly; SameSite=Lax');
  });
});
