import { Authsignal, VerificationMethod } from '@authsignal/node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator, type TenantConfigInput } from '../../authsignal-emulator/src/emulator.js';
import { startClientApp } from '../../client-app/src/client-app.js';
import { loadClientAppConfig } from '../../client-app/src/config/client-app.config.js';
import { DEMO_PASSWORD } from '../../src/users/demo-users.js';
import { addVirtualAuthenticator, launchChromium, type VirtualAuthenticator } from '../support/chromium.js';
import { freePort } from '../support/free-port.js';
import { startIdentityServer, TEST_CLIENT_SECRET, type RunningIdentityServer } from '../support/identity-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Emulator, identity server (password-only sign-in) and client app on free loopback ports, for one describe block. */
class Stack {
  emulator: RunningEmulator;
  testDb: TestDatabase;
  idp: RunningIdentityServer;
  clientApp: NestExpressApplication;
  clientUrl: string;
  authsignal: Authsignal;

  async start(tenant: TenantConfigInput): Promise<void> {
    const clientPort = await freePort();
    // localhost, never 127.0.0.1: WebAuthn with RP ID `localhost` refuses the latter.
    this.clientUrl = `http://localhost:${clientPort}`;
    this.emulator = await startEmulator({ port: 0, logLevel: 'silent', tenants: [{ ...tenant, expectedOrigins: [this.clientUrl], defaultOutcome: 'ALLOW' }] });
    this.authsignal = new Authsignal({ apiSecretKey: this.emulator.tenant.apiSecretKey, apiUrl: this.emulator.apiUrl });
    this.testDb = await createTestDatabase();
    this.idp = await startIdentityServer(this.testDb.db, {
      CLIENT_APP_URL: this.clientUrl,
      MFA_ENROLLMENT: 'optional',
      AUTHSIGNAL_API_URL: this.emulator.apiUrl,
      AUTHSIGNAL_SECRET_KEY: this.emulator.tenant.apiSecretKey,
      AUTHSIGNAL_TENANT_ID: this.emulator.tenant.tenantId,
    });
    const started = await startClientApp(
      loadClientAppConfig({
        NODE_ENV: 'test',
        CLIENT_APP_PORT: String(clientPort),
        CLIENT_APP_URL: this.clientUrl,
        OIDC_ISSUER: this.idp.issuer,
        CLIENT_APP_CLIENT_SECRET: TEST_CLIENT_SECRET,
        AUTHSIGNAL_API_URL: this.emulator.apiUrl,
        AUTHSIGNAL_SECRET_KEY: this.emulator.tenant.apiSecretKey,
        AUTHSIGNAL_TENANT_ID: this.emulator.tenant.tenantId,
        LOG_LEVEL: 'silent',
      }),
    );
    this.clientApp = started.app;
  }

  async stop(): Promise<void> {
    await this.clientApp?.close();
    await this.idp?.close();
    await this.testDb?.close();
    await this.emulator?.close();
  }
}

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
  async function openPasskeyPage(stack: Stack, username: string): Promise<OpenPage> {
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

  async function passkeysAtAuthsignal(stack: Stack, page: Page): Promise<string[]> {
    const sub = await page.evaluate(async () => {
      const profile = await fetch('/profile').then((response) => response.text());
      return /<code>sub<\/code><\/th>\s*<td>([^<]+)<\/td>/.exec(profile)?.[1];
    });
    const authenticators = await stack.authsignal.getAuthenticators({ userId: sub! });
    return authenticators.filter((item) => item.verificationMethod === VerificationMethod.PASSKEY).map((item) => item.webauthnCredential!.credentialId);
  }

  describe('with ten-minute tokens', () => {
    const stack = new Stack();
    beforeAll(() => stack.start({}));
    afterAll(() => stack.stop());

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
    const stack = new Stack();
    beforeAll(() => stack.start({ tokenLifetimeSeconds: 2 }));
    afterAll(() => stack.stop());

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
