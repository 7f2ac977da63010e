import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { EmailCodeRepository, type NewPendingEmailCode } from './email-code.repository.js';

const aPendingCode = (overrides: Partial<NewPendingEmailCode> = {}): NewPendingEmailCode => ({
  interactionUid: 'uid-1',
  identifier: 'carol',
  accountId: 'account-1',
  challengeId: 'challenge-1',
  codeExpiresAt: new Date('2030-01-01T00:00:00Z'),
  browserBinding: 'digest-1',
  ...overrides,
});

describe(EmailCodeRepository.name, () => {
  let testDb: TestDatabase;
  let codes: EmailCodeRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    codes = new EmailCodeRepository(testDb.db);
  });
  afterAll(() => testDb.close());

  it('keeps the code asked for in an interaction, a new one replacing it with its tries', async () => {
    await codes.save(aPendingCode());
    expect(await codes.countTry('uid-1', 5)).toBe(1);
    await codes.save(aPendingCode({ challengeId: 'challenge-2', accountId: null }));
    expect(await codes.find('uid-1')).toEqual({ ...aPendingCode({ challengeId: 'challenge-2', accountId: null }), tries: 0 });
    expect(await codes.find('unknown')).toBeNull();
  });

  it('lets exactly the limit of a burst of tries through, and gives back a try that got no answer', async () => {
    await codes.save(aPendingCode({ interactionUid: 'uid-2' }));
    const counted = await Promise.all(Array.from({ length: 9 }, () => codes.countTry('uid-2', 5)));
    expect(counted.filter((tries) => tries !== null).sort()).toEqual([1, 2, 3, 4, 5]);
    await codes.giveBackTry('uid-2');
    expect(await codes.countTry('uid-2', 5)).toBe(5);
    expect(await codes.countTry('uid-2', 5)).toBeNull();
  });

  it('gives the code to one of two concurrent takers', async () => {
    await codes.save(aPendingCode({ interactionUid: 'uid-3' }));
    const taken = await Promise.all([codes.take('uid-3'), codes.take('uid-3')]);
    expect(taken.filter((code) => code !== null)).toHaveLength(1);
    expect(await codes.find('uid-3')).toBeNull();
  });
});
