import { describe, expect, it } from '@jest/globals';
import { NOT_PROVIDED, profileRows } from './profile.view-model.js';

const valueOf = (rows: ReturnType<typeof profileRows>, claim: string) => rows.find((row) => row.claim === claim)?.value;

describe(profileRows.name, () => {
  const rows = profileRows({
    sub: 'user-1',
    name: 'Carol Example',
    email: 'carol@example.com',
    email_verified: true,
    amr: ['pwd', 'otp'],
    acr: 'urn:example:mfa',
    auth_time: 1_767_225_600,
    iss: 'http://localhost:5001',
    aud: 'client-app',
    exp: 1_767_229_200,
  });

  it('lists the claims in a fixed order', () => {
    expect(rows.map((row) => row.claim)).toEqual([
      'sub', 'name', 'preferred_username', 'email', 'email_verified', 'amr', 'acr', 'auth_time', 'iss', 'aud', 'exp',
    ]);
  });

  it('formats each claim for reading', () => {
    expect(valueOf(rows, 'amr')).toBe('pwd, otp');
    expect(valueOf(rows, 'email_verified')).toBe('Yes');
    expect(valueOf(rows, 'auth_time')).toBe('2026-01-01T00:00:00.000Z');
    expect(valueOf(rows, 'exp')).toBe('2026-01-01T01:00:00.000Z');
    expect(valueOf(rows, 'aud')).toBe('client-app');
  });

  it('says so when a claim is missing or not of the expected type', () => {
    const sparse = profileRows({ sub: 'user-1', email_verified: 'yes', amr: [] });
    expect(valueOf(sparse, 'preferred_username')).toBe(NOT_PROVIDED);
    expect(valueOf(sparse, 'email_verified')).toBe(NOT_PROVIDED);
    expect(valueOf(sparse, 'amr')).toBe(NOT_PROVIDED);
  });
});
