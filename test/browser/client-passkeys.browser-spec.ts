import { VerificationMethod } from '@authsignal/node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TenantConfigInput } from '../../authsignal-emulator/src/emulator.js';
import { DEMO_PASSWORD } from '../../src/users/demo-users.js';
import { addVirtualAuthenticator, launchChromium, type VirtualAuthenticator } from '../support/chromium.js';
import { type FullStack, PASSWORD_ONLY_STACK, startFullStack } from '../support/full-stack.js';

/** The three processes with password-only sign-in: this suite is about the passkey page. */
const passwordOnlyStack = (tenant: TenantConfigInput = {}) =>
  startFullStack({ ...PASSWORD_ONLY_STACK, tenant: { ...PASSWORD_ONLY_STACK.tenant, ...tenant } });

describe('adding a passkey on the client app, in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  interface OpenPage {
    context: BrowserContext;
    page: Page;
    authenticator: VirtualAuthenticator;
    /** Calls the page made to our enrolment-token endpoint. */
    tokenRequests: string[];
  }

  /** A fresh browser profile with a virtual authenticator, signed in with a password, on the passkey page. */
  async function openPasskeyPage(stack: FullStack, username: string): Promise<OpenPage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const authenticator = await addVirtualAuthenticator(context, page);
    const tokenRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/passkeys/enrolment-token')) tokenRequests.push(request.method());
    });
    await page.goto(`${stack.clientUrl}/passkeys`);
    await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${stack.clientUrl}/passkeys`);
    return { context, page, authenticator, tokenRequests };
  }

  async function passkeysAtAuthsignal(stack: FullStack, page: Page): Promise<string[]> {
    const sub = await page.evaluate(async () => {
      const profile = await fetch('/profile').then((response) => response.text());
      return /<code>sub<\/code><\/th>\s*<td>([^<]+)<\/td>/.exec(profile)?.[1];
    });
    const authenticators = await stack.authsignal.getAuthenticators({ userId: sub! });
    return authenticators.filter((item) => item.verificationMethod === VerificationMethod.PASSKEY).map((item) => item.webauthnCredential!.credentialId);
  }

  describe('with ten-minute tokens', () => {
    let stack: FullStack;
    beforeAll(async () => {
      stack = await passwordOnlyStack();
    });
    afterAll(() => stack?.stop());

    it('adds a passkey with the virtual authenticator and lists it', async () => {
      const { context, page, authenticator, tokenRequests } = await openPasskeyPage(stack, 'alice');
      try {
        expect(await page.locator('.passkey').count()).toBe(0);
        expect(await page.textContent('body')).toContain('You have no passkeys yet.');

        await page.click('#add-passkey');
        await page.waitForURL(`${stack.clientUrl}/passkeys?notice=added`);

        expect(await page.textContent('[role="status"].alert')).toContain('Your passkey was added.');
        expect(await page.locator('.passkey').count()).toBe(1);
        expect(await page.textContent('.passkey dl')).toMatch(/Created\s*\d{4}-\d\d-\d\d \d\d:\d\d UTC\s*Last used/);
        const [credentialId] = await authenticator.credentialIds();
        expect(await passkeysAtAuthsignal(stack, page)).toEqual([credentialId]);
        expect(tokenRequests).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('answers a cancelled browser prompt with a calm inline message, and adds nothing', async () => {
      const { context, page, authenticator } = await openPasskeyPage(stack, 'bob');
      try {
        // A passkey that cannot verify the user fails the ceremony with NotAllowedError, as "Cancel" does.
        await authenticator.setUserVerified(false);
        await page.click('#add-passkey');
        await page.waitForSelector('#passkey-status.alert.info >> text=No passkey was created');
        expect(page.url()).toBe(`${stack.clientUrl}/passkeys`);
        expect(await page.getAttribute('#passkey-status', 'aria-live')).toBe('polite');
        expect(await page.isEnabled('#add-passkey')).toBe(true);
        expect(await passkeysAtAuthsignal(stack, page)).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('hides the button, with an explanation, in a browser without WebAuthn', async () => {
      const context = await browser.newContext();
      try {
        await context.addInitScript(() => {
          delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
        });
        const page = await context.newPage();
        await page.goto(`${stack.clientUrl}/passkeys`);
        await page.fill('#username', 'alice');
        await page.fill('#password', DEMO_PASSWORD);
        await page.click('button[type="submit"]');
        await page.waitForURL(`${stack.clientUrl}/passkeys`);
        expect(await page.isVisible('#add-passkey')).toBe(false);
        expect(await page.textContent('#passkey-unsupported:visible')).toContain('This browser cannot create passkeys');
      } finally {
        await context.close();
      }
    });
  });

  describe('with tokens that expire after two seconds', () => {
    let stack: FullStack;
    beforeAll(async () => {
      stack = await passwordOnlyStack({ tokenLifetimeSeconds: 2 });
    });
    afterAll(() => stack?.stop());

    it('fetches a fresh token when the page’s has expired, and still adds the passkey', async () => {
      const { context, page, authenticator, tokenRequests } = await openPasskeyPage(stack, 'bob');
      try {
        await page.waitForTimeout(3_000);
        await page.click('#add-passkey');
        await page.waitForURL(`${stack.clientUrl}/passkeys?notice=added`);

        expect(tokenRequests).toEqual(['POST']);
        expect(await page.locator('.passkey').count()).toBe(1);
        const [credentialId] = await authenticator.credentialIds();
        expect(await passkeysAtAuthsignal(stack, page)).toEqual([credentialId]);
      } finally {
        await context.close();
      }
    });
  });
});
