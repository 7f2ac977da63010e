import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuthenticatorNames, passkeyName } from './authenticator-names.js';

const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
const APPLE_PASSWORDS = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
const CHROMIUM_VIRTUAL_AUTHENTICATOR = '01020304-0506-0708-0102-030405060708';

describe(loadAuthenticatorNames.name, () => {
  it('reads the vendored list: hundreds of well-formed entries, the big providers among them', () => {
    const names = loadAuthenticatorNames();
    expect(names.size).toBeGreaterThan(200);
    expect(names.get(GOOGLE_PASSWORD_MANAGER)).toBe('Google Password Manager');
    expect(names.get(APPLE_PASSWORDS)).toBe('Apple Passwords');
    expect(names.get('08987058-cadc-4b81-b6e1-30de50dcbe96')).toBe('Windows Hello');
  });

  it('refuses a list that is not AAGUIDs and names, naming the bad entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aaguids-'));
    const file = (content: string) => {
      const path = join(dir, `${Math.random()}.json`);
      writeFileSync(path, content);
      return path;
    };
    expect(() => loadAuthenticatorNames(file('[]'))).toThrow(/expected an object/);
    expect(() => loadAuthenticatorNames(file('{"not-an-aaguid":"x"}'))).toThrow(/bad entry "not-an-aaguid"/);
    expect(() => loadAuthenticatorNames(file(`{"${APPLE_PASSWORDS}":""}`))).toThrow(/bad entry/);
  });
});

describe(passkeyName.name, () => {
  const names = new Map([[GOOGLE_PASSWORD_MANAGER, 'Google Password Manager']]);

  it.each([
    ['Authsignal’s own name for the AAGUID first', { aaguid: GOOGLE_PASSWORD_MANAGER, aaguidMapping: { name: 'Google Password Manager (Authsignal)' }, name: 'Chrome on Android' }, 'Google Password Manager (Authsignal)'],
    ['else the community list’s, whatever the case of the AAGUID', { aaguid: GOOGLE_PASSWORD_MANAGER.toUpperCase(), name: 'Chrome on Android' }, 'Google Password Manager'],
    ['an unknown AAGUID: a passkey, with where it was made', { aaguid: CHROMIUM_VIRTUAL_AUTHENTICATOR, name: 'Chrome on Linux' }, 'Passkey (Chrome on Linux)'],
    ['an authenticator that does not say what it is (zeros)', { aaguid: '00000000-0000-0000-0000-000000000000', name: 'Safari on macOS' }, 'Passkey (Safari on macOS)'],
    ['nothing known at all', {}, 'Passkey'],
    ['a blank mapping and the generic name', { aaguidMapping: { name: ' ' }, name: 'Passkey' }, 'Passkey'],
  ])('uses %s', (_case, credential, expected) => {
    expect(passkeyName(credential, names)).toBe(expected);
  });

  it('names a passkey without any credential details "Passkey"', () => {
    expect(passkeyName(undefined, names)).toBe('Passkey');
  });
});
