import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import type { SigningAlgorithm } from '../../config/app-config.js';
import { loadConfig } from '../../config/load-config.js';
import { SigningKeysService } from '../../oidc/signing-keys.service.js';
import { type KeysCommandIo, KeysUsageError, parseKeysCommand, runKeysCommand } from './keys-command.js';

const KID = /[0-9a-f-]{36}/;

describe(runKeysCommand.name, () => {
  let testDb: TestDatabase;
  let keys: SigningKeysService;
  let printed: string[];
  let refused: string[];
  let tables: Record<string, string>[][];
  const io: KeysCommandIo = {
    print: (text) => printed.push(text),
    table: (rows) => tables.push(rows as Record<string, string>[]),
    refuse: (text) => refused.push(text),
  };
  const run = (argv: string[], algorithms: SigningAlgorithm[] = ['RS256', 'ES256', 'EdDSA']) => {
    const parsed = parseKeysCommand(argv);
    if (parsed.help) throw new Error('expected a command');
    return runKeysCommand(parsed, keys, algorithms, io);
  };
  const listed = async () => {
    await run(['list']);
    return tables.at(-1)!;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    keys = new SigningKeysService(testDb.db, loadConfig({}));
  });
  beforeEach(async () => {
    printed = [];
    refused = [];
    tables = [];
    await testDb.db.query('DELETE FROM signing_keys');
  });
  afterAll(() => testDb.close());

  it('says so when the server has not created keys yet', async () => {
    await run(['list']);
    expect(printed).toEqual(['No signing keys yet: the server creates them at its first start.']);
  });

  it('lists each key with its algorithm, state and dates', async () => {
    await keys.current();
    expect(await listed()).toEqual(
      ['RS256', 'ES256', 'EdDSA'].map((alg) => ({
        kid: expect.stringMatching(KID),
        alg,
        state: 'active',
        published: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        signs: expect.stringMatching(/Z$/),
        retires: '',
        removed: '',
      })),
    );
  });

  it('rotates every configured algorithm, saying when the new key signs and until when the old one stays published', async () => {
    await keys.current();
    const before = await listed();
    await run(['rotate']);
    expect(refused).toEqual([]);
    expect(printed).toHaveLength(3);
    for (const [index, alg] of ['RS256', 'ES256', 'EdDSA'].entries()) {
      const old = before.find((row) => row.alg === alg)!.kid;
      expect(printed[index]).toMatch(new RegExp(`^${alg}: new key ${KID.source} is published now and signs from \\S+Z; ${old} retires then and stays published until \\S+Z$`));
    }
    const after = await listed();
    expect(after.map((row) => `${row.alg} ${row.state}`)).toEqual(['RS256 active', 'RS256 next', 'ES256 active', 'ES256 next', 'EdDSA active', 'EdDSA next']);
    expect(after.find((row) => row.state === 'active')).toMatchObject({ retires: expect.stringMatching(/Z$/), removed: expect.stringMatching(/Z$/) });
  });

  it('rotates one algorithm at once with --now', async () => {
    await keys.current();
    await run(['rotate', '--alg', 'ES256', '--now']);
    expect(printed).toEqual([expect.stringMatching(/^ES256: new key \S+ is published now and signs from now on; \S+ retires then/)]);
    expect((await listed()).filter((row) => row.alg === 'ES256').map((row) => row.state)).toEqual(['active', 'retired']);
  });

  it('refuses a rotation under way, an algorithm that is not configured, and goes on with the others', async () => {
    await keys.current();
    await run(['rotate', '--alg', 'RS256']);
    await run(['rotate']);
    expect(refused).toEqual([expect.stringMatching(/^A rotation of RS256 is under way/)]);
    expect(printed.slice(1)).toEqual([expect.stringMatching(/^ES256: new key/), expect.stringMatching(/^EdDSA: new key/)]);
    await run(['rotate', '--alg', 'EdDSA'], ['RS256']);
    expect(refused.at(-1)).toBe('EdDSA is not in SIGNING_ALGORITHMS (RS256): add it there, and the server creates its key at start');
  });

  it('refuses to retire the only active key, cancels a next key and removes a retired one with --now', async () => {
    await keys.current();
    const active = (await listed()).find((row) => row.alg === 'RS256')!.kid;
    await run(['retire', active]);
    expect(refused).toEqual([expect.stringMatching(new RegExp(`^${active} is the only active RS256 key: nothing would sign RS256 ID tokens without it\\..*rotate --alg RS256`))]);

    await run(['rotate', '--alg', 'RS256']);
    const next = (await listed()).find((row) => row.alg === 'RS256' && row.state === 'next')!.kid;
    await run(['retire', next]);
    expect(printed.at(-1)).toBe(`Cancelled RS256 key ${next}: it never signed, and is no longer published; the active RS256 key stays active`);

    await run(['rotate', '--alg', 'RS256', '--now']);
    await run(['retire', active]);
    expect(printed.at(-1)).toMatch(new RegExp(`^RS256 key ${active} is already retired and stays published until \\S+Z; --now removes it at once$`));
    await run(['retire', active, '--now']);
    expect(printed.at(-1)).toBe(`Removed RS256 key ${active} from the JWKS: what it signed no longer verifies`);
    expect((await listed()).map((row) => row.kid)).not.toContain(active);
  });

  it('names what is wrong with a command line', () => {
    expect(parseKeysCommand([])).toEqual({ help: true });
    expect(parseKeysCommand(['--help'])).toEqual({ help: true });
    expect(() => parseKeysCommand(['retire'])).toThrow(/"retire" needs the id of a key/);
    expect(() => parseKeysCommand(['rotate', '--alg', 'HS256'])).toThrow(new KeysUsageError('Unknown algorithm "HS256": use one of RS256, ES256, EdDSA'));
    expect(() => parseKeysCommand(['rotate', '--force'])).toThrow(KeysUsageError);
    expect(() => parseKeysCommand(['delete', 'k'])).toThrow(/Unknown command "delete"/);
  });
});
