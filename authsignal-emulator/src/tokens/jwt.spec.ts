import { describe, expect, it } from '@jest/globals';
import { decodeJwtUnverified, signJwt, verifyJwt } from './jwt.js';

describe('HS256 JWT', () => {
  const payload = { sub: 'user-1', scope: 'read:authenticators', other: { tenantId: 't' } };

  it('verifies what it signed with the same secret', () => {
    const token = signJwt(payload, 'secret-1');
    expect(verifyJwt(token, 'secret-1')).toEqual(payload);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('refuses another secret, a changed payload and a changed signature', () => {
    const token = signJwt(payload, 'secret-1');
    expect(verifyJwt(token, 'secret-2')).toBeUndefined();
    const [header, , signature] = token.split('.');
    const changed = Buffer.from(JSON.stringify({ ...payload, sub: 'user-2' })).toString('base64url');
    expect(verifyJwt(`${header}.${changed}.${signature}`, 'secret-1')).toBeUndefined();
    expect(verifyJwt(`${token.slice(0, -2)}AA`, 'secret-1')).toBeUndefined();
  });

  it('refuses other algorithms and garbage without throwing', () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect(verifyJwt(none, 'secret-1')).toBeUndefined();
    for (const garbage of ['', 'a.b', 'a.b.c.d', '%%%.%%%.%%%', 'e30.bnVsbA.x']) {
      expect(decodeJwtUnverified(garbage)).toBeUndefined();
      expect(verifyJwt(garbage, 'secret-1')).toBeUndefined();
    }
  });
});
