import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { type ClientsFile, clientsFile } from './support/clients-file.js';
import { type FullStack, PASSWORD_ONLY_STACK, startFullStack } from './support/full-stack.js';
import { HttpBrowser, inputValue } from './support/http-browser.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';

/** Another application of the organisation, signed in to in the same browser. */
const INTRANET = {
  client_id: 'intranet',
  client_secret: 'intranet-secret-0123456789abcdef0123',
  redirect_uris: ['http://localhost:5984/callback'],
  post_logout_redirect_uris: ['http://localhost:5984/'],
  grant_types: ['authorization_code', 'refresh_token'],
  first_party: true,
};

const alice = { username: 'alice', password: DEMO_PASSWORD };

describe('OpenID Connect Back-Channel Logout: the client app’s session ends when the user signs out elsewhere', () => {
  let stack: FullStack;
  let clients: ClientsFile;
  /** An application whose back-channel logout URI answers 500 after a pause: its failures must not stop anyone's logout. */
  let brokenApp: Server;
  let brokenUrl: string;
  /** The logout tokens the identity server posted to the client app, as sent. */
  let delivered: string[];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    brokenApp = createServer((_req, res) => setTimeout(() => res.writeHead(500).end(), 200));
    await new Promise<void>((resolve) => brokenApp.listen(0, '127.0.0.1', resolve));
    brokenUrl = `http://localhost:${(brokenApp.address() as AddressInfo).port}`;
    clients = clientsFile([
      INTRANET,
      { ...INTRANET, client_id: 'broken-app', redirect_uris: [`${brokenUrl}/callback`], post_logout_redirect_uris: [`${brokenUrl}/`], backchannel_logout_uri: `${brokenUrl}/logout`, backchannel_logout_session_required: true },
    ]);
    stack = await startFullStack({ ...PASSWORD_ONLY_STACK, identityServerEnv: { ...PASSWORD_ONLY_STACK.identityServerEnv, ...clients.env } });
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  afterAll(async () => {
    await stack?.stop();
    clients?.remove();
    await new Promise((resolve) => brokenApp?.close(resolve));
  });

  /** Records the logout tokens the identity server posts (it calls the global fetch). */
  function recordDeliveries(): void {
    delivered = [];
    globalThis.fetch = (input, init) => {
      const body = init?.body;
      if (String(input).endsWith('/backchannel-logout') && body instanceof URLSearchParams) delivered.push(body.get('logout_token')!);
      return realFetch(input, init);
    };
  }

  /** alice signs in to the client app; the browser then holds both sessions. */
  async function signedInToClientApp(browser = new HttpBrowser()) {
    const profile = await submitLogin(browser, await browser.get(`${stack.clientUrl}/login`), alice, 'http://unused.invalid');
    expect(profile.url).toBe(`${stack.clientUrl}/profile`);
    return browser;
  }

  const isSignedIn = async (browser: HttpBrowser) => (await browser.get(`${stack.clientUrl}/profile`, { follow: false })).status === 200;

  /** The identity server's own sign-out page, confirmed: everything the browser signed in to is told. */
  async function signOutAtIdentityServer(browser: HttpBrowser, url = `${stack.idp.issuer}/session/end`) {
    const confirm = await browser.get(url);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1];
    return browser.postForm(`${stack.idp.issuer}/session/end/confirm`, { xsrf, logout: 'yes' }, { stopAt: 'http://localhost:5984/' });
  }

  const postLogoutToken = (token: string) =>
    fetch(`${stack.clientUrl}/backchannel-logout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ logout_token: token }) });

  it('ends the session when the user signs out at the identity server', async () => {
    recordDeliveries();
    const browser = await signedInToClientApp();
    const bystander = await signedInToClientApp();

    const done = await signOutAtIdentityServer(browser);

    expect(done.status).toBe(200);
    expect(done.body).toContain('signed out');
    expect(delivered).toHaveLength(1);
    expect(await isSignedIn(browser)).toBe(false);
    // Another browser's session of the same user is another identity-server session: it stays.
    expect(await isSignedIn(bystander)).toBe(true);
  });

  it('ends the session when the user signs out in another application, and even when a third application’s logout URI fails', async () => {
    const browser = await signedInToClientApp();
    const intranet = await RelyingParty.discoverClient(stack.idp.issuer, INTRANET);
    const signIn = await intranet.signIn(browser, alice);
    const tokens = await intranet.redeem(signIn.callbackUrl, signIn);
    const broken = await RelyingParty.discoverClient(stack.idp.issuer, { ...INTRANET, client_id: 'broken-app', redirect_uris: [`${brokenUrl}/callback`] });
    await broken.signIn(browser, alice);

    const done = await signOutAtIdentityServer(browser, intranet.endSessionUrl(tokens.id_token!, INTRANET.post_logout_redirect_uris[0]));

    expect(done.url).toBe(INTRANET.post_logout_redirect_uris[0]);
    expect(await isSignedIn(browser)).toBe(false);
  });

  it('acts on a logout token once: the same token again is refused with 400, and ends nothing', async () => {
    recordDeliveries();
    const browser = await signedInToClientApp();
    await signOutAtIdentityServer(browser);
    const [token] = delivered;
    const later = await signedInToClientApp();

    const replay = await postLogoutToken(token);

    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ error: 'invalid_request', error_description: 'The logout token was refused: it was already used' });
    expect(await isSignedIn(later)).toBe(true);
  });

  it.each([
    ['a forged token', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', /refused/],
    ['an ID token', undefined, /"events" claim|back-channel logout event|nonce/],
    ['nothing that looks like a token', 'x', /refused/],
  ])('refuses %s with 400 and a reason', async (_case, token, reason) => {
    let logoutToken = token;
    if (!logoutToken) {
      const rp = await RelyingParty.discover(stack.idp.issuer, `${stack.clientUrl}/callback`);
      const signIn = await rp.signIn(new HttpBrowser(), alice);
      logoutToken = (await rp.redeem(signIn.callbackUrl, signIn)).id_token!;
    }
    const response = await postLogoutToken(logoutToken);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(reason);
  });

  it('refuses a post without a logout token, or with extra fields, with 400', async () => {
    for (const form of [{}, { logout_token: 'a', other: 'b' }] as Record<string, string>[]) {
      const response = await fetch(`${stack.clientUrl}/backchannel-logout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
  });

  it('still signs the user out of the client app itself with its own button', async () => {
    const browser = await signedInToClientApp();
    const profile = await browser.get(`${stack.clientUrl}/profile`);
    await browser.postForm(`${stack.clientUrl}/logout`, { _csrf: inputValue(profile.body, '_csrf')! }, { stopAt: stack.idp.issuer });
    expect(await isSignedIn(browser)).toBe(false);
  });
});
