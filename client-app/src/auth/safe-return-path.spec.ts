import { describe, expect, it } from '@jest/globals';
import { safeReturnPath } from './safe-return-path.js';

describe(safeReturnPath.name, () => {
  it.each([
    ['/', '/'],
    ['/profile', '/profile'],
    ['/passkeys?added=1#list', '/passkeys?added=1#list'],
    ['/a/../profile', '/profile'],
    ['/caf%C3%A9', '/caf%C3%A9'],
  ])('accepts the local path %s', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash that browsers read as a slash', '/\\evil.example'],
    ['a backslash later in the path', '/profile\\..\\\\evil.example'],
    ['an absolute URL', 'https://evil.example/profile'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'profile'],
    ['a tab that browsers strip', '/\t/evil.example'],
    ['a newline', '/profile\nSet-Cookie: x=1'],
    ['a NUL', '/profile\u0000'],
    ['a dot segment that normalises to //', '/.//evil.example'],
    ['a parent segment that normalises to //', '/..//evil.example'],
    ['the sign-in route, which would loop', '/login?returnTo=/profile'],
    ['the callback', '/callback?code=x'],
    ['the sign-out route', '/logout'],
    ['an empty string', ''],
    ['an overly long path', `/${'a'.repeat(2048)}`],
  ])('refuses %s', (_case, value) => {
    expect(safeReturnPath(value)).toBeUndefined();
  });

  it.each([[undefined], [null], [['/profile', '/other']], [{ path: '/profile' }], [42]])('refuses the non-string %p', (value) => {
    expect(safeReturnPath(value)).toBeUndefined();
  });
});
