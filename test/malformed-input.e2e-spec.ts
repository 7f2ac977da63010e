import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { type RunningIdentityServer, startIdentityServer, TEST_CLIENT_SECRET } from './support/identity-server.js';
import { RelyingParty } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const NUL = '\u0000';
const BASIC = `Basic ${Buffer.from(`client-app:${TEST_CLIENT_SECRET}`).toString('base64')}`;

/**
 * Input that once reached PostgreSQL or a recursive library and answered 500: refused at the edge with
 * a 400 page or JSON error, on the provider's routes as on ours, with the security headers and the
 * request id every response carries.
 */
describe('Malformed input at the identity server', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL });
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
  });

  function expectRefusedPage(response: { status: number; headers: Headers; body: string }) {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
  }

  it.each(['state', 'nonce', 'login_hint', 'ui_locales', 'acr_values'])('refuses a NUL in the %s of an authorization request', async (parameter) => {
    const url = new URL((await rp.authorization()).url);
    url.searchParams.set(parameter, `x${NUL}y`);
    expectRefusedPage(await new HttpBrowser().get(url.toString(), { follow: false }));
  });

  it.each(['state', 'post_logout_redirect_uri', 'id_token_hint', 'client_id'])('refuses a NUL in the %s of an end-session request', async (parameter) => {
    const url = new URL(`${idp.issuer}/session/end`);
    url.searchParams.set(parameter, `x${NUL}y`);
    expectRefusedPage(await new HttpBrowser().get(url.toString(), { follow: false }));
  });

  it.each([
    ['a NUL in the code', `grant_type=authorization_code&code=abc%00def&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code_verifier=x`, BASIC],
    ['a NUL in client_id', 'grant_type=client_credentials&client_id=client%00app&client_secret=x', undefined],
    ['a NUL in the Basic credentials', 'grant_type=client_credentials', `Basic ${Buffer.from(`client%00app:${TEST_CLIENT_SECRET}`).toString('base64')}`],
    ['a lone surrogate', 'grant_type=authorization_code&code=%ED%A0%80', BASIC],
    ['invalid UTF-8', 'grant_type=authorization_code&code=%FF%FE', BASIC],
  ])('answers a token request with %s with invalid_request JSON', async (_case, body, authorization) => {
    const response = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers a revocation with a NUL in the token with invalid_request JSON', async () => {
    const response = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: BASIC },
      body: 'token=abc%00',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  async function loginPage() {
    const browser = new HttpBrowser();
    const page = await browser.get((await rp.authorization()).url);
    return { browser, page, action: new URL(formAction(page.body, '/login')!, page.url).toString(), csrf: inputValue(page.body, '_csrf')! };
  }

  it('refuses a NUL in the login form’s username', async () => {
    const { browser, action, csrf } = await loginPage();
    expectRefusedPage(await browser.postForm(action, { username: `alice${NUL}`, password: 'x', _csrf: csrf }, { follow: false }));
  });

  it.each([12345, true, null, ['alice'], { name: 'alice' }])('refuses a JSON login whose username is %p', async (username) => {
    const { browser, action, csrf } = await loginPage();
    const response = await browser.postRaw(action, JSON.stringify({ username, password: 'x', _csrf: csrf }), 'application/json', { follow: false });
    expectRefusedPage(response);
  });

  it('refuses a passkey form whose token is nested 5,000 arrays deep', async () => {
    const { browser, page, csrf } = await loginPage();
    const action = new URL(formAction(page.body, '/passkey')!, page.url).toString();
    const deep = `${'['.repeat(5000)}"t"${']'.repeat(5000)}`;
    const response = await browser.postRaw(action, `{"token":${deep},"_csrf":"${csrf}"}`, 'application/json', { follow: false });
    expectRefusedPage(response);
  });

  it('refuses a NUL in a cookie and in the path, and a body too large, with 4xx', async () => {
    const cookie = await fetch(`${idp.issuer}/auth`, { headers: { cookie: '_interaction=abc%00' } });
    expect(cookie.status).toBe(400);
    expect((await fetch(`${idp.issuer}/interaction/abc%00/login`)).status).toBe(400);
    const large = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: BASIC },
      body: `grant_type=client_credentials&padding=${'a'.repeat(100_000)}`,
    });
    expect(large.status).toBe(413);
  });

  it('still serves a well-formed request with non-ASCII text', async () => {
    const url = new URL((await rp.authorization()).url);
    url.searchParams.set('login_hint', 'zoë-名前');
    const page = await new HttpBrowser().get(url.toString());
    expect(page.status).toBe(200);
    expect(page.body).toContain('zoë-名前');
  });
});
