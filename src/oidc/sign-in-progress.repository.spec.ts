import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { ACR, PASSWORD_ONLY } from './authentication-context.js';
import { SignInProgressRepository } from './sign-in-progress.repository.js';

/** The kernel's state between steps, on a real database. */
describe(SignInProgressRepository.name, () => {
  let testDb: TestDatabase;
  let progress: SignInProgressRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    progress = new SignInProgressRepository(testDb.db);
  });
  afterAll(() => testDb.close());

  const saved = (uid: string, accountId = 'emp-000123') => ({ interactionUid: uid, accountId, context: PASSWORD_ONLY, browserBinding: `digest-${uid}` });

  it('keeps an account id of any shape, with the acr that follows from the amr; find leaves it, take removes it once', async () => {
    await progress.save(saved('uid-1'));
    expect(await progress.find('uid-1')).toEqual({ ...saved('uid-1'), context: { amr: ['pwd'], acr: ACR.password } });
    expect(await progress.find('uid-1')).not.toBeNull();
    expect(await progress.take('uid-1')).toEqual(saved('uid-1'));
    expect(await progress.take('uid-1')).toBeNull();
  });

  it('replaces the progress of an interaction on a second save (a renewed binding)', async () => {
    await progress.save(saved('uid-2'));
    await progress.save({ ...saved('uid-2'), browserBinding: 'renewed' });
    expect((await progress.find('uid-2'))?.browserBinding).toBe('renewed');
  });

  it('gives the progress to exactly one of many concurrent takers, and never an expired one', async () => {
    await progress.save(saved('uid-3'));
    const taken = await Promise.all(Array.from({ length: 5 }, () => progress.take('uid-3')));
    expect(taken.filter((row) => row !== null)).toHaveLength(1);
    await progress.save(saved('uid-4'));
    await testDb.db.query(`UPDATE sign_in_progress SET expires_at = now() - interval '1 second' WHERE interaction_uid = 'uid-4'`);
    expect(await progress.find('uid-4')).toBeNull();
    expect(await progress.take('uid-4')).toBeNull();
  });
});
