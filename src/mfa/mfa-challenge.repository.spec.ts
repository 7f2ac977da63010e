import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { MfaChallengeRepository } from './mfa-challenge.repository.js';

describe(MfaChallengeRepository.name, () => {
  let testDb: TestDatabase;
  let challenges: MfaChallengeRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    challenges = new MfaChallengeRepository(testDb.db);
  });
  afterAll(() => testDb.close());

  it('keeps the tracked action of an interaction until the callback takes it, once', async () => {
    const challenge = { interactionUid: 'uid-5', idempotencyKey: 'key-5', url: 'https://authsignal.test/challenge?token=t' };
    await challenges.save(challenge);
    expect(await challenges.find('uid-5')).toEqual(challenge);
    const taken = await Promise.all([challenges.take('uid-5'), challenges.take('uid-5')]);
    expect(taken.filter((row) => row !== null)).toEqual([challenge]);
    expect(await challenges.find('unknown')).toBeNull();
  });
});
