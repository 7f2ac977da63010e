import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_TOTP_SECRET } from '../../src/demo/demo-authenticator.js';
import { DEMO_PASSWORD } from '../../src/users/demo-users.js';
import { TotpDevice, waitForOutboxCode } from '../support/authsignal-steps.js';
import { addVirtualAuthenticator, launchChromium, type VirtualAuthenticator } from '../support/chromium.js';
import { type FullStack, startFullStack } from '../support/full-stack.js';
import { screenshot } from '../support/screenshots.js';

/**
 * The journeys of the README walkthrough, in Chromium with a virtual platform authenticator, against the
 * three processes of `npm start`: password + MFA (first enrolment, and a challenge), passkey enrolment
 * and autofill sign-in, passkey removal, and an Authsignal outage.
 */
describe('sign-in journeys in a browser', () => {
  let stack: FullStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startFullStack(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  interface Person {
    context: BrowserContext;
    page: Page;
    authenticator: VirtualAuthenticator;
  }

  async function newPerson(): Promise<Person> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
    const page = await context.newPage();
    return { context, page, authenticator: await addVirtualAuthenticator(context, page) };
  }

  const loginForm = (page: Page) => page.locator('form[action$="/login"]');

  async function typePassword(page: Page, username: string): Promise<void> {
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await loginForm(page).locator('button[type="submit"]').click();
  }

  /** The profile page's value for one claim, e.g. `amr`. */
  const claim = (page: Page, name: string) => page.locator(`tr:has(code:text-is("${name}")) td`).textContent();

  async function signOut(page: Page): Promise<void> {
    await page.locator('.site-header').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.idp.issuer}/session/end**`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${stack.clientUrl}/`);
  }

  it('1. bob, with no second factor, signs in with his password and enrols email codes on the way', async () => {
    const { context, page } = await newPerson();
    try {
      await page.goto(stack.clientUrl);
      await screenshot(page, 'journey-1-01-client-app');
      await page.locator('main').getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      await screenshot(page, 'journey-1-02-login');

      // The password form's answer is a redirect straight to the pre-built UI (Chromium applies the login
      // page's CSP form-action to it): no page of ours in between.
      const documents: string[] = [];
      page.on('request', (request) => void (request.isNavigationRequest() && documents.push(request.url())));
      await typePassword(page, 'bob');
      await page.waitForURL(`${stack.emulator.url}/prebuilt/**`);
      expect(documents.map((url) => new URL(url).pathname)).toEqual([expect.stringMatching(/^\/interaction\/[^/]+\/login$/), '/prebuilt/']);
      await page.getByRole('button', { name: /Email code/ }).waitFor();
      await screenshot(page, 'journey-1-03-choose-second-factor');
      await page.getByRole('button', { name: /Email code/ }).click();
      const code = await waitForOutboxCode(stack.emulator, 'bob@example.com');
      await page.locator('#email-enroll-code').fill(code);
      await screenshot(page, 'journey-1-04-email-code');
      await page.getByRole('button', { name: 'Verify and finish' }).click();

      await page.waitForURL(`${stack.clientUrl}/profile`);
      await screenshot(page, 'journey-1-05-profile');
      expect(await claim(page, 'preferred_username')).toBe('bob');
      expect(await claim(page, 'amr')).toBe('pwd, mfa, otp');
      expect(await claim(page, 'acr')).toBe('urn:nest-identity:acr:mfa');
    } finally {
      await context.close();
    }
  });

  it('1b. bob, in a browser without passkey autofill, enrols a passkey and signs in with the passkey button', async () => {
    const { context, page } = await newPerson();
    try {
      // Browsers without conditional mediation: the login page must still offer passkeys, through its button.
      await context.addInitScript(() => {
        window.PublicKeyCredential.isConditionalMediationAvailable = async () => false;
      });
      const previousCode = stack.emulator.outbox.latestCode('bob@example.com');
      await page.goto(`${stack.clientUrl}/login`);
      await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      await typePassword(page, 'bob');
      await page.waitForURL(`${stack.emulator.url}/prebuilt/**`);
      await page.locator('#email-challenge-code').fill(await waitForOutboxCode(stack.emulator, 'bob@example.com', previousCode));
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await page.waitForURL(`${stack.clientUrl}/profile`);

      await page.goto(`${stack.clientUrl}/passkeys`);
      await page.click('#add-passkey');
      await page.waitForURL(`${stack.clientUrl}/passkeys?notice=added`);
      await signOut(page);

      await page.locator('main').getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/\/interaction\/[^/]+$/);
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL(`${stack.clientUrl}/profile`);
      expect(await claim(page, 'amr')).toBe('hwk, user');
    } finally {
      await context.close();
    }
  });

  it('a browser without WebAuthn sees no passkey option, no error, and the password form as before', async () => {
    const context = await browser.newContext();
    try {
      await context.addInitScript(() => {
        delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
      });
      const page = await context.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      await page.goto(`${stack.clientUrl}/login`);
      await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      expect(await page.isVisible('#passkey-option')).toBe(false);
      await typePassword(page, 'alice');
      await page.waitForURL(`${stack.emulator.url}/prebuilt/**`);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  describe('alice, enrolled with an authenticator app', () => {
    const totp = new TotpDevice(DEMO_TOTP_SECRET);
    let alice: Person;
    beforeAll(async () => {
      alice = await newPerson();
    });
    afterAll(() => alice?.context.close());

    async function signInWithPasswordAndCode(page: Page, screenshotName?: string): Promise<void> {
      await page.goto(`${stack.clientUrl}/login`);
      await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      await typePassword(page, 'alice');
      await page.waitForURL(`${stack.emulator.url}/prebuilt/**`);
      await page.locator('#totp-challenge-code').fill(await totp.nextCode());
      if (screenshotName) await screenshot(page, screenshotName);
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await page.waitForURL(`${stack.clientUrl}/profile`);
    }

    it('2. signs in with her password and a code from the app', async () => {
      await signInWithPasswordAndCode(alice.page, 'journey-2-01-authenticator-code');
      expect(await claim(alice.page, 'amr')).toBe('pwd, mfa, otp');
    });

    it('3. enrols a passkey, signs out, and signs in again by passkey autofill alone', async () => {
      const { page, authenticator } = alice;
      await page.goto(`${stack.clientUrl}/passkeys`);
      await screenshot(page, 'journey-3-01-passkeys');
      await page.click('#add-passkey');
      await page.waitForURL(`${stack.clientUrl}/passkeys?notice=added`);
      await screenshot(page, 'journey-3-02-passkey-added');
      expect(await page.locator('.passkey').count()).toBe(1);
      expect(await authenticator.credentialIds()).toHaveLength(1);

      await page.locator('.site-header').getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${stack.idp.issuer}/session/end**`);
      await screenshot(page, 'journey-3-03-sign-out');
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`${stack.clientUrl}/`);

      // No password typed: the login page's autofill request resolves with the passkey and signs her in.
      await page.locator('main').getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL(`${stack.clientUrl}/profile`);
      await screenshot(page, 'journey-3-04-profile-after-passkey');
      expect(await claim(page, 'amr')).toBe('hwk, user');
      expect(await claim(page, 'acr')).toBe('urn:nest-identity:acr:passkey');

      await page.goto(`${stack.clientUrl}/passkeys`);
      await screenshot(page, 'journey-3-05-passkey-last-used');
      const lastUsed = page.locator('.passkey dd').nth(1);
      expect(await lastUsed.textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    });

    it('4. removes the passkey: autofill no longer signs her in, and the password form still works', async () => {
      const { page } = alice;
      await page.goto(`${stack.clientUrl}/passkeys`);
      await page.getByRole('button', { name: /^Remove passkey/ }).click();
      await page.waitForURL(`${stack.clientUrl}/passkeys?notice=removed`);
      expect(await page.locator('.passkey').count()).toBe(0);
      await signOut(page);

      await page.goto(`${stack.clientUrl}/login`);
      await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      // The browser still offers the removed passkey; Authsignal refuses it and the page stays as it is.
      await page.waitForTimeout(1_500);
      expect(page.url()).toMatch(/\/interaction\/[^/]+$/);
      expect(await page.locator('.alert.error').count()).toBe(0);

      await typePassword(page, 'alice');
      await page.waitForURL(`${stack.emulator.url}/prebuilt/**`);
      await page.locator('#totp-challenge-code').fill(await totp.nextCode());
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await page.waitForURL(`${stack.clientUrl}/profile`);
      expect(await claim(page, 'amr')).toBe('pwd, mfa, otp');
    }, 90_000);
  });

  it('6. with Authsignal down, password sign-in shows the outage page and signs nobody in', async () => {
    const { context, page } = await newPerson();
    try {
      await stack.emulator.close();
      await page.goto(`${stack.clientUrl}/login`);
      await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      await typePassword(page, 'bob');
      await page.getByRole('heading', { name: 'Sign-in is temporarily unavailable' }).waitFor();
      await screenshot(page, 'journey-6-outage');

      await page.goto(`${stack.clientUrl}/profile`);
      await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      expect(await page.locator('#login-title').textContent()).toBe('Sign in');
    } finally {
      await context.close();
    }
  });
});
