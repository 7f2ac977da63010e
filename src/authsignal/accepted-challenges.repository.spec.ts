import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { AcceptedChallengesRepository } from './accepted-challenges.repository.js';

const ACCOUNT_ID = '6f1c2a4e-8a57-4d5c-9a51-3c8f2f0c1b11';

describe(AcceptedChallengesRepository.name, () => {
  let testDb: TestDatabase;
  let repository: AcceptedChallengesRepository;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    repository = new AcceptedChallengesRepository(testDb.db);
  });
  afterAll(() => testDb.close());

  it('reports the first use of an idempotency key, and no later one', async () => {
    expect(await repository.recordFirstUse('key-1', ACCOUNT_ID)).toBe(true);
    expect(await repository.recordFirstUse('key-1', ACCOUNT_ID)).toBe(false);
  });

  it('keeps keys apart', async () => {
    expect(await repository.recordFirstUse('key-2', ACCOUNT_ID)).toBe(true);
    expect(await repository.recordFirstUse('key-3', ACCOUNT_ID)).toBe(true);
    expect(await repository.recordFirstUse('key-2', ACCOUNT_ID)).toBe(false);
  });

  it('lets exactly one of many concurrent first uses of a key win', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => repository.recordFirstUse('key-4', ACCOUNT_ID)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('records a user id that is not one of ours: a passkey token names whoever Authsignal knows, and the passkey step refuses them later', async () => {
    expect(await repository.recordFirstUse('key-6', 'authsignal-user-7')).toBe(true);
    expect(await repository.recordFirstUse('key-6', 'authsignal-user-7')).toBe(false);
  });

  it('keeps the record long after the token itself has expired', async () => {
    await repository.recordFirstUse('key-5', ACCOUNT_ID);
    const [row] = await testDb.db.query<{ kept_days: number }>(
      `SELECT (extract(epoch FROM expires_at - accepted_at) / 86400)::int AS kept_days FROM accepted_challenges WHERE idempotency_key = 'key-5'`,
    );
    expect(row.kept_days).toBeGreaterThanOrEqual(1);
  });
});
