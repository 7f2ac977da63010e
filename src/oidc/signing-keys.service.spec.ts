import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { elapseForSigningKeys } from '../../test/support/signing-keys.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { loadConfig } from '../config/load-config.js';
import { migrate } from '../database/migrations.js';
import { KeyDecryptionError, sealKey } from './key-encryption.js';
import { generateSigningKey } from './signing-key-algorithms.js';
import { KeyChangeRefusedError, SigningKeysService } from './signing-keys.service.js';
import { RETIRED_KEY_RETENTION_SECONDS } from './token-lifetimes.js';

const DAY = 86_400;
const PROPAGATION = DAY;

describe(SigningKeysService.name, () => {
  let testDb: TestDatabase;
  const service = (env: Record<string, string> = {}) =>
    new SigningKeysService(testDb.db, loadConfig({ SIGNING_KEY_PROPAGATION_SECONDS: String(PROPAGATION), ...env }));
  const elapse = (seconds: number) => elapseForSigningKeys(testDb.db, seconds);
  const storedKids = async () => (await testDb.db.query<{ kid: string }>('SELECT kid FROM signing_keys ORDER BY kid')).map((row) => row.kid);
  const signerOf = async (keys: SigningKeysService, alg: string) => (await keys.list()).find((key) => key.alg === alg && key.state === 'active')?.kid;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  beforeEach(() => testDb.db.query('DELETE FROM signing_keys'));
  afterAll(() => testDb.close());

  it('creates one signing key per configured algorithm on first use, stored encrypted, and only once', async () => {
    const [first, second] = await Promise.all([service().current(), service().current()]);
    expect(first.fingerprint).toBe(second.fingerprint);
    expect(first.signingAlgorithms).toEqual(['RS256', 'ES256', 'EdDSA']);
    expect(first.keys.map(({ alg, kty, crv }) => ({ alg, kty, crv }))).toEqual(
      expect.arrayContaining([{ alg: 'RS256', kty: 'RSA', crv: undefined }, { alg: 'ES256', kty: 'EC', crv: 'P-256' }, { alg: 'EdDSA', kty: 'OKP', crv: 'Ed25519' }]),
    );
    expect(first.keys.every((key) => typeof key.d === 'string' && key.use === 'sig')).toBe(true);
    expect(await storedKids()).toHaveLength(3);
    const stored = await testDb.db.query<{ private_jwk: object }>('SELECT private_jwk FROM signing_keys');
    expect(JSON.stringify(stored)).not.toMatch(/"d":/);
    expect((await service().current()).fingerprint).toBe(first.fingerprint);
  });

  it('signs only the configured algorithms, RS256 among them', async () => {
    const keys = await service({ SIGNING_ALGORITHMS: 'RS256' }).current();
    expect(keys.signingAlgorithms).toEqual(['RS256']);
    expect(keys.keys.map((key) => key.alg)).toEqual(['RS256']);
  });

  it('publishes a rotated key at once, signs with it after the propagation period, and keeps the old one published until its retention ends', async () => {
    const keys = service();
    const before = await keys.current();
    const oldKid = await signerOf(keys, 'RS256');
    const rotation = await keys.rotate('RS256');
    expect(rotation).toMatchObject({ alg: 'RS256', replaces: { kid: oldKid } });
    expect(rotation.activatesAt.getTime() - rotation.publishedAt.getTime()).toBe(PROPAGATION * 1000);

    const announced = await keys.current();
    expect(announced.fingerprint).not.toBe(before.fingerprint);
    const rsaKids = () => announced.keys.filter((key) => key.alg === 'RS256').map((key) => key.kid);
    // The provider signs with the first key of an algorithm: still the old one.
    expect(rsaKids()).toEqual([oldKid, rotation.kid]);
    expect(await signerOf(keys, 'RS256')).toBe(oldKid);

    await elapse(PROPAGATION);
    const rotated = await keys.current();
    expect(rotated.keys.filter((key) => key.alg === 'RS256').map((key) => key.kid)).toEqual([rotation.kid, oldKid]);
    expect((await keys.list()).find((key) => key.kid === oldKid)?.state).toBe('retired');

    await elapse(RETIRED_KEY_RETENTION_SECONDS - 60);
    expect((await keys.current()).keys.map((key) => key.kid)).toContain(oldKid);
    await elapse(120);
    expect((await keys.current()).keys.map((key) => key.kid)).not.toContain(oldKid);
    expect(await storedKids()).not.toContain(oldKid);
  });

  it('refuses a second rotation of an algorithm while one is under way, and says how to cancel it', async () => {
    const keys = service();
    await keys.current();
    const { kid } = await keys.rotate('ES256');
    await expect(keys.rotate('ES256')).rejects.toThrow(new RegExp(`A rotation of ES256 is under way: ${kid}.*npm run keys -- retire ${kid}`));
    await expect(keys.rotate('EdDSA')).resolves.toMatchObject({ alg: 'EdDSA' });
  });

  it('cancels a next key: it goes at once, and the key it was to replace stays active without retirement', async () => {
    const keys = service();
    await keys.current();
    const active = await signerOf(keys, 'ES256');
    const { kid } = await keys.rotate('ES256');
    await expect(keys.retire(kid)).resolves.toEqual({ outcome: 'cancelled', kid, alg: 'ES256' });
    expect(await storedKids()).not.toContain(kid);
    expect((await keys.list()).find((key) => key.kid === active)).toMatchObject({ state: 'active', retiresAt: null, expiresAt: null });
    await elapse(PROPAGATION + 1);
    expect(await signerOf(keys, 'ES256')).toBe(active);
  });

  it('refuses to retire the only active key of a configured algorithm, with what to do instead', async () => {
    const keys = service();
    await keys.current();
    const active = (await signerOf(keys, 'RS256'))!;
    await expect(keys.retire(active)).rejects.toThrow(KeyChangeRefusedError);
    await expect(keys.retire(active)).rejects.toThrow(/is the only active RS256 key.*npm run keys -- rotate --alg RS256/);
    await keys.rotate('RS256');
    await expect(keys.retire(active)).rejects.toThrow(/already retires at .*when its successor takes over/);
    expect(await signerOf(keys, 'RS256')).toBe(active);
  });

  it('retires the active key of an algorithm dropped from the configuration, published for the retention period (or removed with immediately)', async () => {
    await service().current();
    const withoutEdDsa = service({ SIGNING_ALGORITHMS: 'RS256,ES256' });
    const edKid = (await signerOf(withoutEdDsa, 'EdDSA'))!;
    expect((await withoutEdDsa.current()).signingAlgorithms).toEqual(['RS256', 'ES256']);
    const retired = await withoutEdDsa.retire(edKid);
    expect(retired).toMatchObject({ outcome: 'retired', kid: edKid, alg: 'EdDSA' });
    expect((await withoutEdDsa.current()).keys.map((key) => key.kid)).toContain(edKid);
    await expect(withoutEdDsa.retire(edKid)).resolves.toMatchObject({ outcome: 'already-retired' });
    await expect(withoutEdDsa.retire(edKid, { immediately: true })).resolves.toEqual({ outcome: 'removed', kid: edKid, alg: 'EdDSA' });
    expect((await withoutEdDsa.current()).keys.map((key) => key.kid)).not.toContain(edKid);
  });

  it('rotates immediately for a key that must stop signing now, and removes the old one at once when asked', async () => {
    const keys = service();
    await keys.current();
    const compromised = (await signerOf(keys, 'RS256'))!;
    const rotation = await keys.rotate('RS256', { immediately: true });
    expect(await signerOf(keys, 'RS256')).toBe(rotation.kid);
    expect((await keys.current()).keys.find((key) => key.alg === 'RS256')?.kid).toBe(rotation.kid);
    await expect(keys.retire(compromised, { immediately: true })).resolves.toMatchObject({ outcome: 'removed' });
    expect((await keys.current()).keys.map((key) => key.kid)).not.toContain(compromised);
  });

  it('starts an algorithm without a signing key at once, whether rotated or found missing', async () => {
    const keys = service({ SIGNING_ALGORITHMS: 'RS256' });
    await keys.current();
    const es = await keys.rotate('ES256');
    expect(es.activatesAt).toEqual(es.publishedAt);
    expect(es.replaces).toBeUndefined();
    // A next key with nothing signing before it (left by an interrupted change) takes over at once.
    await testDb.db.query(`UPDATE signing_keys SET activates_at = now() + interval '1 day' WHERE kid = $1`, [es.kid]);
    expect((await service({ SIGNING_ALGORITHMS: 'RS256,ES256' }).current()).signingAlgorithms).toEqual(['RS256', 'ES256']);
    expect(await signerOf(keys, 'ES256')).toBe(es.kid);
  });

  it('keeps signing with the RS256 key stored before keys had a life cycle (migration 7)', async () => {
    const fresh = await createTestDatabase({ migrated: false });
    try {
      await migrate(fresh.db, { upTo: 4 });
      const config = loadConfig({});
      const legacy = await generateSigningKey('RS256');
      await fresh.db.query('INSERT INTO signing_keys (kid, private_jwk) VALUES ($1, $2)', [legacy.kid, JSON.stringify(sealKey(legacy, config.oidc.signingKeySecret))]);
      await migrate(fresh.db);
      const keys = await new SigningKeysService(fresh.db, config).current();
      expect(keys.keys.find((key) => key.alg === 'RS256')).toEqual(legacy);
      expect(keys.signingAlgorithms).toEqual(['RS256', 'ES256', 'EdDSA']);
    } finally {
      await fresh.close();
    }
  });

  it('names an unknown key id', async () => {
    await expect(service().retire('no-such-kid')).rejects.toThrow(/No published key has the id no-such-kid/);
  });

  it('cannot open keys sealed under another secret, and says which setting to check', async () => {
    await service().current();
    const otherSecret = service({ SIGNING_KEY_SECRET: 'x'.repeat(40) });
    await expect(otherSecret.current()).rejects.toThrow(KeyDecryptionError);
    await expect(otherSecret.current()).rejects.toThrow(/SIGNING_KEY_SECRET/);
  });
});
