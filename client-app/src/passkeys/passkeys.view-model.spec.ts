import { describe, expect, it } from '@jest/globals';
import type { SignedInUser } from '../auth/auth-session.js';
import { enrolmentUsername, NEVER_USED, noticeFor, PASSKEY_NOTICES, passkeyRows } from './passkeys.view-model.js';

const aUser = (claims: Record<string, unknown>): SignedInUser => ({ sub: 'user-1', displayName: 'Carol', claims: { sub: 'user-1', ...claims } });

describe(passkeyRows.name, () => {
  it('shows name, creation and last use as unambiguous UTC dates, with a removal form per passkey', () => {
    const [row] = passkeyRows([
      { id: 'a1b2', name: 'Carol’s laptop', createdAt: new Date('2026-01-02T03:04:05.678Z'), lastUsedAt: new Date('2026-02-03T13:14:15Z') },
    ]);
    expect(row).toEqual({
      name: 'Carol’s laptop',
      created: { text: '2026-01-02 03:04 UTC', iso: '2026-01-02T03:04:05.678Z' },
      lastUsed: { text: '2026-02-03 13:14 UTC', iso: '2026-02-03T13:14:15.000Z' },
      removeAction: '/passkeys/a1b2/remove',
    });
  });

  it('says "Never" for a passkey never used', () => {
    const [row] = passkeyRows([{ id: 'x', name: 'iCloud Keychain', createdAt: new Date('2026-01-01T00:00:00Z') }]);
    expect(row.lastUsed).toEqual({ text: NEVER_USED });
  });

  it('encodes the id in the form action', () => {
    expect(passkeyRows([{ id: 'a/b?c', name: 'Passkey' }])[0].removeAction).toBe('/passkeys/a%2Fb%3Fc/remove');
  });
});

describe(noticeFor.name, () => {
  it('maps a known flag to its fixed message', () => {
    expect(noticeFor('removed')).toBe(PASSKEY_NOTICES.removed);
    expect(noticeFor('added')).toBe(PASSKEY_NOTICES.added);
  });

  it.each([undefined, '', '<b>hi</b>', 'toString', ['added']])('shows nothing for %p', (flag) => {
    expect(noticeFor(flag)).toBeUndefined();
  });
});

describe(enrolmentUsername.name, () => {
  it('prefers the username, then the email, then the subject', () => {
    expect(enrolmentUsername(aUser({ preferred_username: 'carol', email: 'carol@example.com' }))).toBe('carol');
    expect(enrolmentUsername(aUser({ email: 'carol@example.com' }))).toBe('carol@example.com');
    expect(enrolmentUsername(aUser({ preferred_username: '' }))).toBe('user-1');
  });
});
