import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACR } from '../src/oidc/authentication-context.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { startIdentityServer, type RunningIdentityServer } from './support/identity-server.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const alice = { username: 'alice', password: DEMO_PASSWORD };

/** A browser at its own address (the server trusts one proxy hop in this suite). */
const browserAt = (ip = '203.0.113.1') => new HttpBrowser({ 'x-forwarded-for': ip });

describe('OIDC protocol (identity server alone)', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL, TRUST_PROXY: 'true' });
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
  });

  it('runs the code flow with PKCE and issues an ID token with the profile claims and how the user signed in', async () => {
    const signIn = await rp.signIn(browserAt(), alice);
    const tokens = await rp.redeem(signIn.callbackUrl, signIn);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: 'client-app',
      name: 'Alice Example',
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: true,
      amr: ['pwd'],
      acr: ACR.password,
      auth_time: expect.any(Number),
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(await rp.userinfo(tokens.access_token, claims.sub)).toMatchObject({ sub: claims.sub, email: 'alice@example.com' });
  });

  it('sets no-store and a strict CSP on the login page', async () => {
    const page = await browserAt().get((await rp.authorization()).url);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("sends the data headers on the provider's JSON answers and the page policy on its pages", async () => {
    const dataPolicy = "default-src 'none';frame-ancestors 'none'";
    // Twice each: the second answers are the published documents' (PublishedDocuments), which carry the same headers.
    const answers = [
      await fetch(`${idp.issuer}/.well-known/openid-configuration`),
      await fetch(`${idp.issuer}/jwks`),
      await fetch(`${idp.issuer}/.well-known/openid-configuration`),
      await fetch(`${idp.issuer}/jwks`),
      await fetch(`${idp.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token' }),
      await fetch(`${idp.issuer}/me`, { headers: { authorization: 'Bearer not-a-token' } }),
    ];
    for (const answer of answers) {
      expect(answer.headers.get('content-type')).toMatch(/^application\/(?:[\w.-]+\+)?json/);
      expect(answer.headers.get('content-security-policy')).toBe(dataPolicy);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(answer.headers.get('x-request-id')).toEqual(expect.any(String));
    }
    // The provider's own error page (an unknown client) is a page: the page policy.
    const errorPage = await browserAt().get(`${idp.issuer}/auth?client_id=nobody&response_type=code&scope=openid`, { follow: false });
    expect(errorPage.headers.get('content-type')).toMatch(/text\/html/);
    expect(errorPage.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(errorPage.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('gives a wrong password and an unknown user the same page', async () => {
    const attempt = async (username: string) => {
      const browser = browserAt('203.0.113.2');
      const page = await browser.get((await rp.authorization()).url);
      const result = await submitLogin(browser, page, { username, password: 'Wrong-password-1' }, REDIRECT_URI);
      return { status: result.status, body: result.body.replace(/value="[^"]*"/g, 'value=""').replace(/\/interaction\/[^/"]+/g, '/interaction/UID') };
    };
    const wrongPassword = await attempt('alice');
    const unknownUser = await attempt('nobody-here');
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body).toContain('The username or password is incorrect.');
    expect(unknownUser).toEqual(wrongPassword);
  });

  it.each([
    ['missing', ''],
    ['wrong', 'forged-token'],
  ])('refuses a login post with a %s CSRF token', async (_case, csrf) => {
    const browser = browserAt('203.0.113.3');
    const page = await browser.get((await rp.authorization()).url);
    const result = await submitLogin(browser, page, alice, REDIRECT_URI, csrf);
    expect(result.status).toBe(403);
    expect(result.body).toContain('This form has expired');
    expect(result.url).not.toContain(REDIRECT_URI);
  });

  it('refuses a CSRF token minted for another interaction', async () => {
    const browser = browserAt('203.0.113.3');
    const first = await browser.get((await rp.authorization()).url);
    const second = await browser.get((await rp.authorization()).url);
    const foreignToken = /name="_csrf" value="([^"]+)"/.exec(first.body)![1];
    const result = await submitLogin(browser, second, alice, REDIRECT_URI, foreignToken);
    expect(result.status).toBe(403);
  });

  it('refuses a reused authorization code with invalid_grant', async () => {
    const signIn = await rp.signIn(browserAt(), alice);
    await rp.redeem(signIn.callbackUrl, signIn);
    await expect(rp.redeem(signIn.callbackUrl, signIn)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it.each([
    ['unregistered', 'https://evil.example/callback'],
    ['altered', `${REDIRECT_URI}/../steal`],
    ['extended', `${REDIRECT_URI}?next=https://evil.example`],
  ])('shows an error page and does not redirect for an %s redirect_uri', async (_case, redirectUri) => {
    const { url } = await rp.authorization({ redirect_uri: redirectUri });
    const page = await browserAt().get(url, { follow: false });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.body).toContain('This sign-in request cannot continue');
  });

  it('refuses an authorization request without PKCE', async () => {
    const { url } = await rp.authorization();
    const withoutPkce = new URL(url);
    withoutPkce.searchParams.delete('code_challenge');
    withoutPkce.searchParams.delete('code_challenge_method');
    const page = await browserAt().get(withoutPkce.toString(), { stopAt: REDIRECT_URI });
    const callback = new URL(page.url);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('refuses a plain PKCE method and a wrong verifier', async () => {
    const { url } = await rp.authorization({ code_challenge_method: 'plain' });
    const plain = await browserAt().get(url, { stopAt: REDIRECT_URI });
    expect(new URL(plain.url).searchParams.get('error')).toBe('invalid_request');

    const signIn = await rp.signIn(browserAt(), alice);
    await expect(rp.redeem(signIn.callbackUrl, { ...signIn, codeVerifier: 'x'.repeat(43) })).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('answers prompt=none without a session with login_required', async () => {
    const { url } = await rp.authorization({ prompt: 'none' });
    const page = await browserAt().get(url, { stopAt: REDIRECT_URI });
    expect(new URL(page.url).searchParams.get('error')).toBe('login_required');
  });

  it('rotates refresh tokens and refuses a rotated one', async () => {
    const signIn = await rp.signIn(browserAt(), alice);
    const tokens = await rp.redeem(signIn.callbackUrl, signIn);
    const refreshed = await rp.refresh(tokens.refresh_token!);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    await expect(rp.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('rotates the session id on sign-in', async () => {
    const browser = browserAt();
    await rp.signIn(browser, alice);
    const before = browser.cookie('_session');
    await rp.signIn(browser, alice, { prompt: 'login' });
    expect(browser.cookie('_session')).toEqual(expect.any(String));
    expect(browser.cookie('_session')).not.toBe(before);
  });

  it('ends the session on RP-initiated logout, after which prompt=none needs a login and a session-bound refresh token is refused', async () => {
    const browser = browserAt();
    // Without offline_access the refresh token lives as long as the session (an offline one outlives it: relying-party-interop).
    const signIn = await rp.signIn(browser, alice, { scope: 'openid profile email' });
    const tokens = await rp.redeem(signIn.callbackUrl, signIn);
    const silent = await browser.get((await rp.authorization({ prompt: 'none' })).url, { stopAt: REDIRECT_URI });
    expect(new URL(silent.url).searchParams.get('code')).toEqual(expect.any(String));

    const confirm = await browser.get(rp.endSessionUrl(tokens.id_token!, `${CLIENT_URL}/`));
    expect(confirm.body).toContain('Sign out?');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1];
    const done = await browser.postForm(`${idp.issuer}/session/end/confirm`, { xsrf, logout: 'yes' }, { stopAt: CLIENT_URL });
    expect(done.url).toBe(`${CLIENT_URL}/`);

    const after = await browser.get((await rp.authorization({ prompt: 'none' })).url, { stopAt: REDIRECT_URI });
    expect(new URL(after.url).searchParams.get('error')).toBe('login_required');
    await expect(rp.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('throttles the 11th bad password in a row, while the same user from another address still signs in', async () => {
    const attacker = browserAt('198.51.100.7');
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 11; attempt++) {
      const page = await attacker.get((await rp.authorization()).url);
      statuses.push((await submitLogin(attacker, page, { username: 'bob', password: `Wrong-${attempt}-pass` }, REDIRECT_URI)).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);

    const page = await attacker.get((await rp.authorization()).url);
    const throttled = await submitLogin(attacker, page, { username: 'bob', password: DEMO_PASSWORD }, REDIRECT_URI);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(throttled.body).toContain('Too many failed attempts');

    const owner = await rp.signIn(browserAt('192.0.2.44'), { username: 'bob', password: DEMO_PASSWORD });
    expect(new URL(owner.callbackUrl).searchParams.get('code')).toEqual(expect.any(String));
  });

  it('answers a lost interaction with a friendly page, not a 500', async () => {
    const page = await browserAt().get(`${idp.issuer}/interaction/does-not-exist`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('This sign-in has expired');
  });

  it('advertises only the code flow, no password grant and no unsigned tokens', async () => {
    const discovery = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.response_types_supported).toEqual(['code']);
    expect(discovery.grant_types_supported).not.toEqual(expect.arrayContaining(['password']));
    expect(discovery.grant_types_supported).not.toEqual(expect.arrayContaining(['implicit']));
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256', 'EdDSA']);
    expect(discovery.acr_values_supported).toContain(ACR.password);
    const implicit = await browserAt().get((await rp.authorization({ response_type: 'id_token' })).url, { stopAt: REDIRECT_URI });
    expect(new URL(implicit.url.replace('#', '?')).searchParams.get('error')).toBe('unsupported_response_type');
  });

  async function postLoginForm(body: string) {
    const browser = browserAt('203.0.113.9');
    const page = await browser.get((await rp.authorization()).url);
    const action = new URL(formAction(page.body, '/login')!, page.url).toString();
    const csrf = encodeURIComponent(inputValue(page.body, '_csrf')!);
    return browser.postRaw(action, `${body}&_csrf=${csrf}`, 'application/x-www-form-urlencoded');
  }

  it.each([
    ['no password', 'username=alice'],
    ['nothing at all', ''],
  ])('answers a login form with %s with the login page and its one message', async (_case, body) => {
    const result = await postLoginForm(body);
    expect(result.status).toBe(401);
    expect(result.body).toContain('The username or password is incorrect.');
  });

  it.each([
    ['an object for the username', 'username[a]=alice&password=x'],
    ['an array for the password', 'username=alice&password=x&password=y'],
  ])('refuses a login form with %s with a 400 page, not a 500', async (_case, body) => {
    const result = await postLoginForm(body);
    expect(result.status).toBe(400);
    expect(result.body).toMatch(/(could not|cannot) be accepted/);
  });

  it('answers malformed JSON with a 4xx JSON body', async () => {
    const response = await fetch(`${idp.issuer}/interaction/anything/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request' });
  });

  it('reports liveness and readiness', async () => {
    expect(await (await fetch(`${idp.issuer}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${idp.issuer}/ready`)).json()).toEqual({ status: 'ready' });
  });
});
