import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aUser } from '../../test/builders/user.builder.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { ACR, AMR } from '../common/authentication-context.js';
import { LoginStateRepository } from './login-state.repository.js';

const USER = aUser();
const challenge = { idempotencyKey: 'key-1', url: 'http://authsignal.test/challenge?token=t' };

describe(LoginStateRepository.name, () => {
  let testDb: TestDatabase;
  let repository: LoginStateRepository;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    // login_states.account_id references users.
    await testDb.db.query(`INSERT INTO users (id, username, display_name, password_hash) VALUES ($1, $2, $3, 'not-a-hash')`, [
      USER.id,
      USER.username,
      USER.displayName,
    ]);
    repository = new LoginStateRepository(testDb.db);
  });
  afterAll(() => testDb.close());

  it('finds what it saved, with the pending challenge and the acr that follows from the amr', async () => {
    await repository.save({ interactionUid: 'uid-1', accountId: USER.id, step: 'mfa', amr: [AMR.password], challenge });
    const expected = { interactionUid: 'uid-1', accountId: USER.id, step: 'mfa', amr: [AMR.password], acr: ACR.password, challenge };
    expect(await repository.find('uid-1')).toEqual(expected);
    // find leaves it in place; take removes it.
    expect(await repository.find('uid-1')).toEqual(expected);
    expect(await repository.take('uid-1')).toEqual(expected);
    expect(await repository.find('uid-1')).toBeNull();
    expect(await repository.take('uid-1')).toBeNull();
  });

  it('derives the multi-factor acr from a stored multi-factor amr', async () => {
    await repository.save({ interactionUid: 'uid-2', accountId: USER.id, step: 'password', amr: [AMR.password, AMR.multiFactor, AMR.oneTimeCode] });
    expect(await repository.find('uid-2')).toMatchObject({ acr: ACR.multiFactor, challenge: undefined });
  });

  it('replaces the state of an interaction on a second save, dropping a challenge no longer pending', async () => {
    await repository.save({ interactionUid: 'uid-3', accountId: USER.id, step: 'mfa', amr: [AMR.password], challenge });
    await repository.save({ interactionUid: 'uid-3', accountId: USER.id, step: 'password', amr: [AMR.password] });
    expect(await repository.find('uid-3')).toEqual({
      interactionUid: 'uid-3',
      accountId: USER.id,
      step: 'password',
      amr: [AMR.password],
      acr: ACR.password,
      challenge: undefined,
    });
  });

  it('knows nothing of an interaction it never saw', async () => {
    expect(await repository.find('unknown')).toBeNull();
    expect(await repository.take('unknown')).toBeNull();
  });

  it('gives the state to exactly one of many concurrent takers', async () => {
    await repository.save({ interactionUid: 'uid-4', accountId: USER.id, step: 'mfa', amr: [AMR.password], challenge });
    const taken = await Promise.all(Array.from({ length: 5 }, () => repository.take('uid-4')));
    expect(taken.filter((state) => state !== null)).toEqual([expect.objectContaining({ interactionUid: 'uid-4', challenge })]);
  });

  it('neither finds nor takes an expired state', async () => {
    await repository.save({ interactionUid: 'uid-5', accountId: USER.id, step: 'mfa', amr: [AMR.password], challenge });
    await testDb.db.query(`UPDATE login_states SET expires_at = now() - interval '1 second' WHERE interaction_uid = 'uid-5'`);
    expect(await repository.find('uid-5')).toBeNull();
    expect(await repository.take('uid-5')).toBeNull();
  });

  it('gives an expired interaction a fresh state when saved again', async () => {
    await repository.save({ interactionUid: 'uid-6', accountId: USER.id, step: 'password', amr: [AMR.password] });
    await testDb.db.query(`UPDATE login_states SET expires_at = now() - interval '1 second' WHERE interaction_uid = 'uid-6'`);
    await repository.save({ interactionUid: 'uid-6', accountId: USER.id, step: 'mfa', amr: [AMR.password], challenge });
    expect(await repository.find('uid-6')).toMatchObject({ step: 'mfa', challenge });
  });
});
