import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import type { Database } from '../database/database.js';
import { loadConfig } from '../config/load-config.js';
import { CredentialThrottle } from './credential-throttle.service.js';
import { TooManyAttemptsError } from './rate-limit.errors.js';
import { RateLimiter } from './rate-limiter.service.js';

/** On a real database: the limits must hold under concurrency, which only the database can show. */
describe(CredentialThrottle.name, () => {
  let testDb: TestDatabase;
  let throttle: CredentialThrottle;
  const config = loadConfig({ NODE_ENV: 'test', LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3', LOGIN_MAX_FAILURES_PER_IP: '5' });
  const counters = () => new RateLimiter(testDb.db);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    throttle = new CredentialThrottle(config, counters());
  });
  beforeEach(async () => {
    await testDb.db.query('DELETE FROM rate_limit_counters');
  });
  afterAll(() => testDb.close());

  const outcome = (ip: string, account?: string) => throttle.begin(ip, account).then(() => 'counted', (error: unknown) => (error instanceof TooManyAttemptsError ? 'refused' : 'error'));

  it('lets exactly the limit of a concurrent burst through, for an account and for an address', async () => {
    const sameAccount = await Promise.all(Array.from({ length: 12 }, () => outcome('10.0.0.1', 'alice')));
    expect(sameAccount.filter((result) => result === 'counted')).toHaveLength(3);
    expect(sameAccount.filter((result) => result === 'refused')).toHaveLength(9);
    const spread = await Promise.all(Array.from({ length: 12 }, (_, index) => outcome('10.0.0.2', `user-${index}`)));
    expect(spread.filter((result) => result === 'counted')).toHaveLength(5);
  });

  it('counts nothing for a refused attempt: an address refusal gives back the account’s hit', async () => {
    for (let index = 0; index < 5; index++) await throttle.begin('10.0.0.3', `user-${index}`);
    await expect(throttle.begin('10.0.0.3', 'alice')).rejects.toThrow(TooManyAttemptsError);
    expect(await counters().peek('login:account-ip:alice|10.0.0.3')).toMatchObject({ hits: 0 });
  });

  it('counts nothing against the address for an attempt its account limit refuses', async () => {
    for (let index = 0; index < 3; index++) await throttle.begin('10.0.0.6', 'carol');
    await expect(throttle.begin('10.0.0.6', 'carol')).rejects.toThrow(TooManyAttemptsError);
    expect(await counters().peek('login:ip:10.0.0.6')).toMatchObject({ hits: 3 });
    expect(await counters().peek('login:account-ip:carol|10.0.0.6')).toMatchObject({ hits: 3 });
  });

  it('costs one statement to count an attempt against both limits, and one to settle a success', async () => {
    const statements: string[] = [];
    const recording: Database = {
      kind: testDb.db.kind,
      query: <Row>(sql: string, params?: readonly unknown[]) => (statements.push(sql), testDb.db.query<Row>(sql, params)),
      transaction: (work) => testDb.db.transaction(work),
      exec: (sql) => testDb.db.exec(sql),
      close: async () => undefined,
    };
    const recorded = new CredentialThrottle(config, new RateLimiter(recording));
    const attempt = await recorded.begin('10.0.0.7', 'dave');
    expect(statements).toHaveLength(1);
    await attempt.succeeded();
    expect(statements).toHaveLength(2);
    expect(await counters().peek('login:account-ip:dave|10.0.0.7')).toBeNull();
    expect(await counters().peek('login:ip:10.0.0.7')).toMatchObject({ hits: 0 });
  });

  it('takes and settles parallel attempts from one address without the database refusing any (no lock-order deadlock)', async () => {
    const roomy = new CredentialThrottle(loadConfig({ NODE_ENV: 'test', LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '1000', LOGIN_MAX_FAILURES_PER_IP: '1000' }), counters());
    const signIns = Array.from({ length: 200 }, async () => {
      const attempt = await roomy.begin('10.0.0.8');
      await attempt.succeeded();
    });
    const outcomes = await Promise.allSettled(signIns);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected' && !(outcome.reason instanceof TooManyAttemptsError))).toEqual([]);
  });

  it('on success resets the account and gives the address its hit back; a release gives back both', async () => {
    const first = await throttle.begin('10.0.0.4', 'Alice');
    await throttle.begin('10.0.0.4', 'alice');
    await first.succeeded();
    expect(await counters().peek('login:account-ip:alice|10.0.0.4')).toBeNull();
    expect(await counters().peek('login:ip:10.0.0.4')).toMatchObject({ hits: 1 });
    await (await throttle.begin('10.0.0.4')).release();
    expect(await counters().peek('login:passkey-ip:10.0.0.4')).toMatchObject({ hits: 0 });
    expect(await counters().peek('login:ip:10.0.0.4')).toMatchObject({ hits: 1 });
  });

  it('says when to retry, and counts afresh once the window has ended', async () => {
    for (let index = 0; index < 3; index++) await throttle.begin('10.0.0.5', 'bob');
    const refused = await throttle.begin('10.0.0.5', 'bob').catch((error: unknown) => error);
    expect((refused as TooManyAttemptsError).retryAfterSeconds).toBeGreaterThan(800);
    await testDb.db.query(`UPDATE rate_limit_counters SET expires_at = now() - interval '1 second'`);
    await expect(throttle.begin('10.0.0.5', 'bob')).resolves.toBeDefined();
  });
});
