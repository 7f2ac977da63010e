import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { type FullStack, PASSWORD_ONLY_STACK, startFullStack } from './support/full-stack.js';
import { HttpBrowser, inputValue } from './support/http-browser.js';
import { submitLogin } from './support/relying-party.js';

const alice = { username: 'alice', password: DEMO_PASSWORD };

/**
 * Two instances of the client app behind one public URL, sharing one session store: the first listens at
 * the public URL (where the identity server sends browsers back and posts logout tokens), the second on a
 * port of its own. A request "sent to the other instance" is the same URL on the other port, as if the load
 * balancer had chosen it; the browser's cookie (host-wide, like a browser's) goes with it.
 */
describe('client app scale-out: two instances, one session store', () => {
  let stack: FullStack;
  let first: string;
  let second: string;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    stack = await startFullStack(PASSWORD_ONLY_STACK);
    first = stack.clientUrl;
    second = (await stack.anotherClientApp()).url;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  afterAll(() => stack?.stop());

  const status = async (browser: HttpBrowser, instance: string, path = '/profile') => (await browser.get(`${instance}${path}`, { follow: false })).status;

  /** Starts the sign-in on `startOn`; the identity server sends the browser back to the public URL (the first instance). */
  async function signInStartingOn(startOn: string) {
    const browser = new HttpBrowser();
    const profile = await submitLogin(browser, await browser.get(`${startOn}/login`), alice, 'http://unused.invalid');
    expect(profile.url).toBe(`${first}/profile`);
    return browser;
  }

  /** The identity server's sign-out, confirmed: it posts a logout token to the client app. */
  async function signOutAtIdentityServer(browser: HttpBrowser) {
    const confirm = await browser.get(`${stack.idp.issuer}/session/end`);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1];
    await browser.postForm(`${stack.idp.issuer}/session/end/confirm`, { xsrf, logout: 'yes' });
  }

  it('uses on one instance a session started on the other, and ends it there for both', async () => {
    const browser = await signInStartingOn(second);
    expect(await status(browser, second)).toBe(200);
    const profile = await browser.get(`${second}/profile`);
    expect(profile.body).toContain('Alice Example');

    const signOut = await browser.postForm(`${second}/logout`, { _csrf: inputValue(profile.body, '_csrf')! }, { follow: false });
    expect(signOut.status).toBe(303);

    expect(await status(browser, first)).toBe(302);
    expect(await status(browser, second)).toBe(302);
  });

  it('keeps a sign-in pending on one instance when the browser comes back to the other', async () => {
    const browser = new HttpBrowser();
    const login = await browser.get(`${first}/login`);
    const callback = await submitLogin(browser, login, alice, first);
    // Back from the identity server, the callback lands on the second instance: it finds the pending sign-in.
    const onSecond = callback.url.replace(first, second);
    const landed = await browser.get(onSecond, { follow: false });
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe('/profile');
    expect(await status(browser, first)).toBe(200);
  });

  it('ends the session on both instances when the identity server’s logout token reaches either one', async () => {
    for (const receiving of [() => first, () => second]) {
      // The load balancer sends the identity server's back-channel call to the instance under test.
      globalThis.fetch = (input, init) => realFetch(String(input).endsWith('/backchannel-logout') ? String(input).replace(first, receiving()) : input, init);
      const browser = await signInStartingOn(first);
      expect([await status(browser, first), await status(browser, second)]).toEqual([200, 200]);

      await signOutAtIdentityServer(browser);

      expect([await status(browser, first), await status(browser, second)]).toEqual([302, 302]);
      globalThis.fetch = realFetch;
    }
  });

  it('acts once on a logout token, whichever instances it is delivered to', async () => {
    const tokens: string[] = [];
    globalThis.fetch = (input, init) => {
      if (String(input).endsWith('/backchannel-logout') && init?.body instanceof URLSearchParams) tokens.push(init.body.get('logout_token')!);
      return realFetch(input, init);
    };
    await signOutAtIdentityServer(await signInStartingOn(first));
    globalThis.fetch = realFetch;

    const again = await fetch(`${second}/backchannel-logout`, { method: 'POST', body: new URLSearchParams({ logout_token: tokens[0] }) });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error_description: expect.stringContaining('already used') });
  });
});
