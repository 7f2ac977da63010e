import type { Authsignal } from '@authsignal/node';
import { VerificationMethod } from '@authsignal/node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { RunningEmulator } from '../authsignal-emulator/src/emulator.js';
import type { ClientAppConfig } from '../client-app/src/config/client-app-config.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { type FullStack, PASSWORD_ONLY_STACK, startFullStack } from './support/full-stack.js';
import { type BrowserResponse, HttpBrowser, inputValue } from './support/http-browser.js';
import type { RunningIdentityServer } from './support/identity-server.js';
import { submitLogin } from './support/relying-party.js';

/** The `data-` attributes the passkey page hands its script. */
const dataAttribute = (html: string, name: string): string | undefined => new RegExp(`data-${name}="([^"]*)"`).exec(html)?.[1];
const subjectOn = (profileHtml: string): string => /<code>sub<\/code><\/th>\s*<td>([^<]+)<\/td>/.exec(profileHtml)![1];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('managing passkeys in the client app through Authsignal', () => {
  let stack: FullStack;
  let emulator: RunningEmulator;
  let idp: RunningIdentityServer;
  /** The client app's live config: a test shortens the recent sign-in window on it instead of waiting minutes. */
  let clientConfig: ClientAppConfig;
  let clientUrl: string;
  /** The test's own server-side view of Authsignal, through the official SDK. */
  let authsignal: Authsignal;

  beforeAll(async () => {
    stack = await startFullStack(PASSWORD_ONLY_STACK);
    ({ emulator, idp, clientConfig, clientUrl, authsignal } = stack);
  });
  afterAll(() => stack?.stop());

  interface SignedIn {
    browser: HttpBrowser;
    sub: string;
    page: BrowserResponse;
  }

  /** Signs in with a password from the client app's sign-in button and opens the passkey page. */
  async function signInAs(username: string): Promise<SignedIn> {
    const browser = new HttpBrowser();
    const loginPage = await browser.get(`${clientUrl}/login?returnTo=/profile`);
    const profile = await submitLogin(browser, loginPage, { username, password: DEMO_PASSWORD }, 'http://unused.invalid');
    expect(profile.url).toBe(`${clientUrl}/profile`);
    const page = await browser.get(`${clientUrl}/passkeys`);
    expect(page.status).toBe(200);
    return { browser, sub: subjectOn(profile.body), page };
  }

  const requestToken = (browser: HttpBrowser, body: Record<string, string>) =>
    browser.postRaw(`${clientUrl}/passkeys/enrolment-token`, JSON.stringify(body), 'application/json');

  async function enrolPasskeyAtAuthsignal(userId: string, name: string, aaguid?: string): Promise<string> {
    const { authenticator } = await authsignal.enrollVerifiedAuthenticator({
      userId,
      attributes: {
        verificationMethod: VerificationMethod.PASSKEY,
        // The server API takes a passkey made elsewhere; the SDK's type only knows the email/SMS fields.
        ...({ credentialId: randomBytes(16).toString('base64url'), publicKey: randomBytes(65).toString('base64url'), name, aaguid } as object),
      },
    });
    return authenticator.userAuthenticatorId;
  }

  it('renders an enrolment token for the add-passkey action and this user, with what the script needs', async () => {
    const { sub, page } = await signInAs('alice');
    const token = dataAttribute(page.body, 'token')!;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(page.url).not.toContain(token);
    expect(dataAttribute(page.body, 'tenant-id')).toBe(emulator.tenant.tenantId);
    expect(dataAttribute(page.body, 'base-url')).toBe(emulator.apiUrl);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${emulator.url}`);

    const validation = await authsignal.validateChallenge({ token, action: 'add-passkey', userId: sub });
    expect(validation.error).toBeUndefined();
    expect(validation).toMatchObject({ userId: sub, action: 'add-passkey' });
  });

  describe('the enrolment-token endpoint', () => {
    it('answers a fresh token for the same user and action', async () => {
      const { browser, sub, page } = await signInAs('alice');
      const res = await requestToken(browser, { _csrf: dataAttribute(page.body, 'csrf')! });
      expect(res.status).toBe(200);
      const { token } = JSON.parse(res.body) as { token: string };
      expect(token).not.toBe(dataAttribute(page.body, 'token'));
      const validation = await authsignal.validateChallenge({ token, action: 'add-passkey', userId: sub });
      expect(validation).toMatchObject({ userId: sub, action: 'add-passkey' });
      expect(validation.error).toBeUndefined();
    });

    it('refuses a request without the CSRF token', async () => {
      const { browser } = await signInAs('alice');
      const res = await requestToken(browser, {});
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_csrf_token' });
    });

    it('asks for re-authentication once the sign-in is not recent, and the page sends the browser to sign in with max_age', async () => {
      const { browser, page } = await signInAs('alice');
      clientConfig.passkeys.recentSignInSeconds = 1;
      try {
        // auth_time has whole seconds: two seconds later the one-second window has certainly passed.
        await sleep(2_100);
        const res = await requestToken(browser, { _csrf: dataAttribute(page.body, 'csrf')! });
        expect(res.status).toBe(403);
        expect(JSON.parse(res.body)).toMatchObject({ error: 'reauthentication_required' });

        const again = await browser.get(`${clientUrl}/passkeys`, { follow: false });
        expect(again.status).toBe(302);
        const location = new URL(again.headers.get('location')!);
        expect(`${location.origin}${location.pathname}`).toBe(`${idp.issuer}/auth`);
        expect(location.searchParams.get('max_age')).toBe('1');
      } finally {
        clientConfig.passkeys.recentSignInSeconds = 600;
      }
    });
  });

  describe('the list and removal', () => {
    it('lists a passkey enrolled at Authsignal, never used yet', async () => {
      const { browser, sub } = await signInAs('alice');
      const id = await enrolPasskeyAtAuthsignal(sub, 'Alice’s security key');
      const page = await browser.get(`${clientUrl}/passkeys`);
      expect(page.body).toContain('Alice’s security key');
      expect(page.body).toContain(`action="/passkeys/${id}/remove"`);
      expect(page.body).toMatch(/<dt>Last used<\/dt>\s*<dd>Never<\/dd>/);
      expect(page.body).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/);
    });

    it('names each passkey after its authenticator by AAGUID, and one it cannot name after where it was made', async () => {
      const { browser, sub } = await signInAs('bob');
      await enrolPasskeyAtAuthsignal(sub, 'Chrome on Android', 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4');
      await enrolPasskeyAtAuthsignal(sub, 'Safari on macOS', 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd');
      await enrolPasskeyAtAuthsignal(sub, 'Firefox on Linux', '01020304-0506-0708-0102-030405060708');
      const page = await browser.get(`${clientUrl}/passkeys`);
      expect([...page.body.matchAll(/<strong class="passkey-name">([^<]*)<\/strong>/g)].map((match) => match[1])).toEqual([
        'Google Password Manager',
        'Apple Passwords',
        'Passkey (Firefox on Linux)',
      ]);
    });

    it('removes a passkey with the CSRF token, and refuses without it', async () => {
      const { browser, sub } = await signInAs('alice');
      const id = await enrolPasskeyAtAuthsignal(sub, 'Old phone');
      const page = await browser.get(`${clientUrl}/passkeys`);
      const csrf = inputValue(page.body, '_csrf')!;

      const refused = await browser.postForm(`${clientUrl}/passkeys/${id}/remove`, {});
      expect(refused.status).toBe(403);
      expect((await authsignal.getAuthenticators({ userId: sub })).map((item) => item.userAuthenticatorId)).toContain(id);

      const removed = await browser.postForm(`${clientUrl}/passkeys/${id}/remove`, { _csrf: csrf });
      expect(removed.status).toBe(200);
      expect(removed.url).toBe(`${clientUrl}/passkeys?notice=removed`);
      expect(removed.body).toContain('The passkey was removed.');
      expect(removed.body).not.toContain('Old phone');
      expect((await authsignal.getAuthenticators({ userId: sub })).map((item) => item.userAuthenticatorId)).not.toContain(id);
    });

    it("refuses to remove another user's passkey, with a friendly page", async () => {
      const bob = await signInAs('bob');
      const bobsPasskey = await enrolPasskeyAtAuthsignal(bob.sub, 'Bob’s laptop');
      const alice = await signInAs('alice');

      const res = await alice.browser.postForm(`${clientUrl}/passkeys/${bobsPasskey}/remove`, { _csrf: inputValue(alice.page.body, '_csrf')! });
      expect(res.status).toBe(404);
      expect(res.body).toContain('Passkey not found');
      expect((await authsignal.getAuthenticators({ userId: bob.sub })).map((item) => item.userAuthenticatorId)).toContain(bobsPasskey);
    });
  });

  // Last: it stops the emulator.
  it('shows a friendly 503 page, not a 500, when Authsignal is down', async () => {
    const { browser } = await signInAs('alice');
    await emulator.close();
    const page = await browser.get(`${clientUrl}/passkeys`);
    expect(page.status).toBe(503);
    expect(page.body).toContain('Passkeys unavailable');
    expect(page.body).toContain('role="alert"');
    const token = await requestToken(browser, { _csrf: inputValue(page.body, '_csrf')! });
    expect(token.status).toBe(503);
    expect(JSON.parse(token.body)).toMatchObject({ error: 'service_unavailable' });
  });
});
