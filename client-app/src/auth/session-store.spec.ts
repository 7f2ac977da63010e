import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { applyMigrations } from '../../../src/database/migrations.js';
import { MemorySessionStore } from './memory-session.store.js';
import { PostgresSessionStore } from './postgres-session.store.js';
import { CLIENT_APP_MIGRATIONS } from './session-migrations.js';
import type { LogoutNotice, SessionStore, StoredSession } from './session-store.js';

const inAnHour = () => new Date(Date.now() + 3_600_000);
const aSession = (overrides: Partial<StoredSession> = {}): StoredSession => ({ data: '{"cookie":{}}', expiresAt: inAnHour(), ...overrides });
const aNotice = (overrides: Partial<LogoutNotice> = {}): LogoutNotice => ({ tokenId: `jti-${Math.random()}`, replayableUntil: inAnHour(), ...overrides });

/** The contract every `SessionStore` keeps, run against each implementation. */
function behavesAsASessionStore(name: string, open: () => Promise<SessionStore>) {
  describe(name, () => {
    let store: SessionStore;
    beforeEach(async () => {
      store = await open();
    });

    it('keeps a session until it expires, and forgets a destroyed one', async () => {
      await store.set('s1', aSession({ data: '{"user":"\\u0000 and ☃"}', subject: 'alice', providerSession: 'op-1' }));
      await store.set('s2', aSession({ expiresAt: new Date(Date.now() - 1_000) }));

      expect(await store.get('s1')).toEqual({ data: '{"user":"\\u0000 and ☃"}', expiresAt: expect.any(Date), subject: 'alice', providerSession: 'op-1' });
      expect(await store.get('s2')).toBeUndefined();
      await store.destroy('s1');
      expect(await store.get('s1')).toBeUndefined();
    });

    it('extends a session it is told to touch', async () => {
      await store.set('s1', aSession({ expiresAt: new Date(Date.now() + 60_000) }));
      const later = new Date(Date.now() + 3 * 3_600_000);
      await store.touch('s1', later);
      expect((await store.get('s1'))?.expiresAt.getTime()).toBe(later.getTime());
    });

    it('ends the sessions of one identity-server session (sid), of that user only when sub is given too', async () => {
      await store.set('a1', aSession({ subject: 'alice', providerSession: 'op-1' }));
      await store.set('a2', aSession({ subject: 'alice', providerSession: 'op-2' }));
      await store.set('b1', aSession({ subject: 'bob', providerSession: 'op-1' }));

      expect(await store.endSessions(aNotice({ providerSession: 'op-1', subject: 'alice' }))).toEqual({ replayed: false, ended: 1 });
      expect(await store.get('a1')).toBeUndefined();
      expect(await store.get('a2')).toBeDefined();
      expect(await store.get('b1')).toBeDefined();
      expect(await store.endSessions(aNotice({ providerSession: 'op-1' }))).toEqual({ replayed: false, ended: 1 });
      expect(await store.get('b1')).toBeUndefined();
    });

    it('ends every session of a user when the token names only sub, and never a session nobody signed in to', async () => {
      await store.set('a1', aSession({ subject: 'alice', providerSession: 'op-1' }));
      await store.set('a2', aSession({ subject: 'alice' }));
      await store.set('pending', aSession());

      expect(await store.endSessions(aNotice({ subject: 'alice' }))).toEqual({ replayed: false, ended: 2 });
      expect(await store.get('pending')).toBeDefined();
    });

    it('acts on a logout token once: a replay, even two at once, ends nothing more', async () => {
      await store.set('a1', aSession({ subject: 'alice', providerSession: 'op-1' }));
      const notice = aNotice({ providerSession: 'op-1' });
      const outcomes = await Promise.all([store.endSessions(notice), store.endSessions(notice)]);
      expect(outcomes.map((outcome) => outcome.replayed).sort()).toEqual([false, true]);

      await store.set('a1', aSession({ subject: 'alice', providerSession: 'op-1' }));
      expect(await store.endSessions(notice)).toEqual({ replayed: true, ended: 0 });
      expect(await store.get('a1')).toBeDefined();
    });

    it('sweeps expired sessions and logout tokens past their replay window', async () => {
      const past = new Date(Date.now() - 1_000);
      await store.set('old', aSession({ expiresAt: past }));
      await store.set('live', aSession());
      await store.endSessions(aNotice({ subject: 'nobody', replayableUntil: past }));

      expect(await store.sweep()).toBe(2);
      expect(await store.get('live')).toBeDefined();
    });
  });
}

behavesAsASessionStore(MemorySessionStore.name, async () => new MemorySessionStore());

describe('on the database', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    await applyMigrations(testDb.db, CLIENT_APP_MIGRATIONS);
  });
  afterAll(() => testDb.close());

  behavesAsASessionStore(PostgresSessionStore.name, async () => {
    await testDb.db.query('TRUNCATE client_app_sessions, client_app_logout_tokens');
    return new PostgresSessionStore(testDb.db);
  });

  it('writes a rolling session’s expiry only once it moves by a minute or more', async () => {
    const store = new PostgresSessionStore(testDb.db);
    const expiresAt = inAnHour();
    await store.set('s1', aSession({ expiresAt }));
    await store.touch('s1', new Date(expiresAt.getTime() + 30_000));
    expect((await store.get('s1'))?.expiresAt.getTime()).toBe(expiresAt.getTime());
  });

  it('applies its migrations once, in a ledger of its own', async () => {
    expect(await applyMigrations(testDb.db, CLIENT_APP_MIGRATIONS)).toEqual([]);
    expect(await testDb.db.query('SELECT version FROM client_app_schema_migrations')).toEqual([{ version: 1 }]);
  });
});
