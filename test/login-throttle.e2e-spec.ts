import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { type RunningIdentityServer, startIdentityServer } from './support/identity-server.js';
import { RelyingParty } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const PER_ACCOUNT = 10;
const PER_ADDRESS = 100;

/**
 * The login throttle as an attacker meets it: one reading of the username for the throttle and the
 * password check (the posted form, never the query string), and limits that hold under bursts.
 */
describe('Login throttle', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;
  let addressCount = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, {
      CLIENT_APP_URL: CLIENT_URL,
      TRUST_PROXY: 'true',
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: String(PER_ACCOUNT),
      LOGIN_MAX_FAILURES_PER_IP: String(PER_ADDRESS),
    });
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
  });

  /** A login form from an address of its own (one proxy hop is trusted in this suite). */
  async function loginFormAt(ip = `198.51.100.${++addressCount}`) {
    const browser = new HttpBrowser({ 'x-forwarded-for': ip });
    const page = await browser.get((await rp.authorization()).url);
    const action = new URL(formAction(page.body, '/login')!, page.url).toString();
    const csrf = inputValue(page.body, '_csrf')!;
    const post = (fields: Record<string, string>, query = '') => browser.postForm(`${action}${query}`, { ...fields, _csrf: csrf }, { follow: false });
    return { browser, post, ip };
  }

  it('locks an account on an address after the limit, and the query string neither bypasses it nor answers for the password', async () => {
    const { post } = await loginFormAt();
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt++) expect((await post({ username: 'alice', password: `Wrong-${attempt}` })).status).toBe(401);
    expect((await post({ username: 'alice', password: 'Wrong-again' })).status).toBe(429);

    // The username only in the query string: not read by anything. Right and wrong passwords answer alike, and nobody signs in.
    const right = await post({ password: DEMO_PASSWORD }, '?username=alice');
    const wrong = await post({ password: 'Wrong-once-more' }, '?username=alice');
    expect(right.status).toBe(wrong.status);
    expect(right.headers.get('location')).toBeNull();
    // The lock still holds: a right password posted properly is refused, so the success above never reset the count.
    expect((await post({ username: 'alice', password: DEMO_PASSWORD })).status).toBe(429);
  });

  it('checks at most the per-account limit of a burst of parallel wrong passwords for one account', async () => {
    const { post } = await loginFormAt();
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, index) => post({ username: 'bob', password: `Wrong-${index}` }).then((result) => result.status)));
    expect(statuses.filter((status) => status === 401)).toHaveLength(PER_ACCOUNT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40 - PER_ACCOUNT);
  });

  it('checks at most the per-address limit of a burst spread over many accounts', async () => {
    const { post } = await loginFormAt();
    const statuses = await Promise.all(
      Array.from({ length: 150 }, (_, index) => post({ username: `sprayed-${index}`, password: 'Spring2026!' }).then((result) => result.status)),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(PER_ADDRESS);
    expect(statuses.filter((status) => status === 429)).toHaveLength(150 - PER_ADDRESS);
  });

  it('starts the account’s count again after a successful sign-in', async () => {
    const { post, ip } = await loginFormAt();
    for (let attempt = 0; attempt < PER_ACCOUNT - 1; attempt++) await post({ username: 'alice', password: `Wrong-${attempt}` });
    expect((await post({ username: 'alice', password: DEMO_PASSWORD })).status).toBe(303);
    // The account's count started again: a full allowance of attempts before the lock.
    const next = await loginFormAt(ip);
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt++) expect((await next.post({ username: 'alice', password: `Wrong-${attempt}` })).status).toBe(401);
    expect((await next.post({ username: 'alice', password: 'Wrong-again' })).status).toBe(429);
  });
});
