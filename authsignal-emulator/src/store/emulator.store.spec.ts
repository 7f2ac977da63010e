import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { EmulatorStore } from './emulator.store.js';

function storeAt(stateFile: string | null): EmulatorStore {
  return new EmulatorStore({ tenants: [], stateFile });
}

describe(EmulatorStore.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('writes the state file after a change and reads it back on the next start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'emulator-store-')), 'nested', 'state.json');
    const first = storeAt(file);
    first.tenant('t').users.u = { userId: 'u', emailVerified: false, phoneNumberVerified: false, webauthnUserHandle: 'h', createdAt: 'now' };
    first.changed();
    await first.flush();
    expect(JSON.parse(readFileSync(file, 'utf8')).tenants.t.users.u.userId).toBe('u');
    expect(storeAt(file).tenant('t').users.u?.userId).toBe('u');
  });

  it('keeps state in memory without a file', async () => {
    const store = storeAt(null);
    store.tenant('t').outbox.push({ messageId: 'm', to: 'a@b', subject: 's', code: '123456', purpose: 'challenge', sentAt: 'now' });
    store.changed();
    await store.flush();
    expect(store.tenant('t').outbox).toHaveLength(1);
  });

  it('starts empty from an unreadable file instead of failing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'emulator-store-')), 'state.json');
    writeFileSync(file, '{ not json');
    expect(storeAt(file).tenant('t').users).toEqual({});
  });

  it('returns a challenge only while it lives, and deletes it once', () => {
    const store = storeAt(null);
    const base = { challengeId: 'c', createdAt: new Date().toISOString(), actionCode: 'a' };
    store.putChallenge('t', { ...base, kind: 'passkey-authentication', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect(store.challenge('t', 'c', 'passkey-authentication')).toBeDefined();
    expect(store.challenge('t', 'c', 'passkey-registration')).toBeUndefined();
    expect(store.deleteChallenge('t', 'c')).toBe(true);
    expect(store.deleteChallenge('t', 'c')).toBe(false);
    store.putChallenge('t', { ...base, kind: 'passkey-authentication', expiresAt: new Date(Date.now() - 1).toISOString() });
    expect(store.challenge('t', 'c', 'passkey-authentication')).toBeUndefined();
  });
});
