import { describe, expect, it } from '@jest/globals';
import { scopeProblems } from './claims-provider.js';
import { STANDARD_SCOPES, StandardClaims } from './standard-claims.provider.js';

describe(scopeProblems.name, () => {
  it('accepts the standard scopes and a team’s own', () => {
    expect(scopeProblems([...STANDARD_SCOPES, { name: 'org', claims: ['department', 'groups'], description: 'Your department and groups' }])).toEqual([]);
  });

  it.each([
    [{ name: 'has space', claims: [], description: 'x' }, /names are/],
    [{ name: 'openid', claims: [], description: 'x' }, /server's own/],
    [{ name: 'org', claims: ['sub'], description: 'x' }, /sub claim is the server's own/],
    [{ name: 'org', claims: [], description: ' ' }, /needs a description/],
  ])('refuses %j', (scope, problem) => {
    expect(scopeProblems([scope])).toEqual([expect.stringMatching(problem)]);
  });

  it('refuses a scope defined twice', () => {
    expect(scopeProblems([STANDARD_SCOPES[0], STANDARD_SCOPES[0]])).toEqual([expect.stringMatching(/twice/)]);
  });
});

describe(StandardClaims.name, () => {
  const account = { id: 'u1', username: 'carol', displayName: 'Carol Example', email: 'carol@example.com', emailVerified: true, enabled: true };

  it('answers profile and email from the account, and no email claims without an email', async () => {
    const claims = new StandardClaims();
    await expect(claims.claims({ account, clientId: 'c', use: 'id_token', scopes: ['openid', 'profile', 'email'] })).resolves.toEqual({
      name: 'Carol Example',
      preferred_username: 'carol',
      email: 'carol@example.com',
      email_verified: true,
    });
    await expect(claims.claims({ account: { ...account, email: null }, clientId: 'c', use: 'userinfo', scopes: [] })).resolves.toMatchObject({ email: undefined, email_verified: undefined });
  });
});
