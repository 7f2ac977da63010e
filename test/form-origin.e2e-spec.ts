import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { type FullStack, PASSWORD_ONLY_STACK, startFullStack } from './support/full-stack.js';
import { type ClientsFile, clientsFile, PARTNER_PORTAL } from './support/clients-file.js';
import { formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { submitLogin } from './support/relying-party.js';

const PARTNER = PARTNER_PORTAL;

/** What a browser says about a post made from a page of another site, or from an opaque origin. */
const FOREIGN = [
  ['another site', { origin: 'http://evil.example' }],
  ['an opaque origin', { origin: 'null' }],
  ['a cross-site fetch', { 'sec-fetch-site': 'cross-site', origin: 'http://evil.example' }],
  ['a same-site sibling', { 'sec-fetch-site': 'same-site' }],
] as const;

/**
 * Every state-changing form post must come from one of our own pages, by the browser's account of it,
 * even when it carries a valid CSRF token and cookies. And every cookie carries SameSite and HttpOnly.
 */
describe('Form posts from other origins', () => {
  let stack: FullStack;
  let clients: ClientsFile;
  let partner: oidc.Configuration;

  beforeAll(async () => {
    clients = clientsFile([PARTNER]);
    stack = await startFullStack({ ...PASSWORD_ONLY_STACK, identityServerEnv: { ...PASSWORD_ONLY_STACK.identityServerEnv, ...clients.env } });
    partner = await oidc.discovery(new URL(stack.idp.issuer), PARTNER.client_id, PARTNER.client_secret, undefined, { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => {
    await stack?.stop();
    clients?.remove();
  });

  const loginAt = async (browser: HttpBrowser) => browser.get(`${stack.clientUrl}/login`);

  it.each(FOREIGN)('refuses the login form posted from %s', async (_case, headers) => {
    const browser = new HttpBrowser(headers);
    const page = await loginAt(browser);
    const result = await submitLogin(browser, page, { username: 'alice', password: DEMO_PASSWORD }, stack.clientUrl);
    expect(result.status).toBe(403);
    expect(result.body).toContain('This form has expired');
  });

  it.each(FOREIGN)('refuses the email-code and passkey forms posted from %s, with the login page’s own cookies and token', async (_case, headers) => {
    const browser = new HttpBrowser();
    const page = await loginAt(browser);
    const foreign = new HttpBrowser(headers);
    for (const cookie of browser.allCookies()) foreign.setCookie(cookie.name, cookie.value, stack.idp.issuer, cookie.path);
    const csrf = inputValue(page.body, '_csrf')!;
    for (const [path, fields] of [['/email-code', { identifier: 'alice' }], ['/passkey', { token: 'x'.repeat(40) }]] as const) {
      const action = formAction(page.body, path);
      expect(action).toBeDefined();
      const result = await foreign.postForm(new URL(action!, page.url).toString(), { ...fields, _csrf: csrf }, { follow: false });
      expect(result.status).toBe(403);
      expect(result.body).toContain('This form has expired');
    }
  });

  it('accepts the login form posted from the identity server’s own page', async () => {
    const browser = new HttpBrowser({ 'sec-fetch-site': 'same-origin', origin: stack.idp.issuer });
    const result = await submitLogin(browser, await loginAt(browser), { username: 'alice', password: DEMO_PASSWORD }, 'http://unused.invalid');
    expect(result.url).toBe(`${stack.clientUrl}/profile`);
  });

  it.each(FOREIGN)('refuses the consent form posted from %s', async (_case, headers) => {
    const browser = new HttpBrowser();
    const url = oidc.buildAuthorizationUrl(partner, {
      redirect_uri: PARTNER.redirect_uris[0],
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const consent = await submitLogin(browser, await browser.get(url.toString()), { username: 'alice', password: DEMO_PASSWORD }, PARTNER.redirect_uris[0]);
    expect(consent.body).toContain('Allow Partner Portal?');
    const foreign = new HttpBrowser(headers);
    for (const cookie of browser.allCookies()) foreign.setCookie(cookie.name, cookie.value, stack.idp.issuer, cookie.path);
    const result = await foreign.postForm(new URL(formAction(consent.body, '/confirm')!, consent.url).toString(), { _csrf: inputValue(consent.body, '_csrf')! }, { follow: false });
    expect(result.status).toBe(403);
  });

  it.each(FOREIGN)('refuses the client app’s enrolment-token request from %s, as JSON', async (_case, headers) => {
    const browser = new HttpBrowser();
    const profile = await submitLogin(browser, await loginAt(browser), { username: 'alice', password: DEMO_PASSWORD }, 'http://unused.invalid');
    expect(profile.url).toBe(`${stack.clientUrl}/profile`);
    const page = await browser.get(`${stack.clientUrl}/passkeys`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? /data-csrf="([^"]+)"/.exec(page.body)![1];
    const foreign = new HttpBrowser({ ...headers, accept: 'application/json' });
    for (const cookie of browser.allCookies()) foreign.setCookie(cookie.name, cookie.value, stack.clientUrl, cookie.path);
    const result = await foreign.postRaw(`${stack.clientUrl}/passkeys/enrolment-token`, JSON.stringify({ _csrf: csrf }), 'application/json', { follow: false });
    expect(result.status).toBe(403);
    expect(JSON.parse(result.body)).toMatchObject({ error: 'invalid_csrf_token' });
  });

  it('refuses the sign-out confirmation posted from another site', async () => {
    const response = await fetch(`${stack.idp.issuer}/session/end/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example', accept: 'text/html' },
      body: 'xsrf=anything&logout=yes',
    });
    expect(response.status).toBe(403);
  });

  it('sends the expiry of a tampered session signature cookie with SameSite and HttpOnly', async () => {
    const response = await fetch(`${stack.idp.issuer}/auth?client_id=client-app`, { headers: { cookie: '_session=forged; _session.sig=tampered' }, redirect: 'manual' });
    const expiry = response.headers.getSetCookie().find((cookie) => cookie.startsWith('_session.sig='));
    expect(expiry).toBeDefined();
    expect(expiry).toMatch(/SameSite=Lax/i);
    expect(expiry).toMatch(/HttpOnly/i);
  });

  it('sets SameSite and HttpOnly on every cookie of a whole sign-in, in both apps', async () => {
    const setCookies: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await original(...args);
      setCookies.push(...response.headers.getSetCookie());
      return response;
    };
    try {
      const browser = new HttpBrowser();
      await submitLogin(browser, await loginAt(browser), { username: 'alice', password: DEMO_PASSWORD }, 'http://unused.invalid');
    } finally {
      globalThis.fetch = original;
    }
    expect(setCookies.length).toBeGreaterThan(4);
    for (const cookie of setCookies) {
      expect(cookie).toMatch(/;\s*SameSite=/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
    }
  });
});
