import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuthsignalService } from '../../src/authsignal/authsignal.service.js';
import { parseUsersCommand, runUsersCommand } from '../../src/users/cli/users-command.js';
import { DEMO_PASSWORD } from '../../src/users/demo-users.js';
import { UsersService } from '../../src/users/users.service.js';
import { waitForOutboxCode } from '../support/authsignal-steps.js';
import { launchChromium } from '../support/chromium.js';
import { type FullStack, startFullStack } from '../support/full-stack.js';
import { screenshot } from '../support/screenshots.js';

/**
 * The walkthrough's passwordless and recovery journeys, in Chromium against the three processes of
 * `npm start`: sign-in with only an email code, and a second factor reset by an administrator and set
 * up again at the next sign-in.
 */
describe('passwordless and recovery journeys in a browser', () => {
  let stack: FullStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startFullStack(), launchChromium()]);
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
    page = await context.newPage();
  });
  afterEach(() => context?.close());
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The profile page's value for one claim, e.g. `amr`. */
  const claim = (name: string) => page.locator(`tr:has(code:text-is("${name}")) td`).textContent();

  async function openLoginPage(): Promise<void> {
    await page.goto(stack.clientUrl);
    await page.locator('main').getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
  }

  it('7. bob signs in with only a code from his mailbox: no password, no second factor', async () => {
    const previous = stack.emulator.outbox.latestCode('bob@example.com');
    await openLoginPage();
    await page.fill('#username', 'bob');
    await screenshot(page, 'journey-7-01-email-me-a-code');
    await page.getByRole('button', { name: 'Email me a code' }).click();

    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.fill('#code', await waitForOutboxCode(stack.emulator, 'bob@example.com', previous));
    await screenshot(page, 'journey-7-02-check-your-email');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.waitForURL(`${stack.clientUrl}/profile`);
    await screenshot(page, 'journey-7-03-profile');
    expect(await claim('preferred_username')).toBe('bob');
    expect(await claim('amr')).toBe('otp');
    expect(await claim('acr')).toBe('urn:nest-identity:acr:email-code');
  });

  it('7b. without the login page’s script, "Email me a code" asks for the username on a page of its own', async () => {
    await context.route('**/js/email-code-option.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
    const previous = stack.emulator.outbox.latestCode('bob@example.com');
    await openLoginPage();
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByRole('heading', { name: 'Sign in with an email code' }).waitFor();
    await page.fill('#identifier', 'bob@example.com');
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.fill('#code', await waitForOutboxCode(stack.emulator, 'bob@example.com', previous));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${stack.clientUrl}/profile`);
    expect(await claim('amr')).toBe('otp');
  });

  it('8. alice lost the phone with her authenticator app: reset-mfa, and her next sign-in sets up a new second factor', async () => {
    const parsed = parseUsersCommand(['reset-mfa', 'alice']);
    if (parsed.help) throw new Error('expected a command');
    const printed: string[] = [];
    await runUsersCommand(parsed, stack.idp.app.get(UsersService), {
      newPassword: async () => DEMO_PASSWORD,
      print: (text) => printed.push(text),
      table: () => undefined,
      log: () => undefined,
      authenticators: () => stack.idp.app.get(AuthsignalService),
      operator: 'helpdesk',
    });
    expect(printed.join('\n')).toContain('Removed 1 authenticator(s) of alice at Authsignal');

    await openLoginPage();
    await page.fill('#username', 'alice');
    await page.fill('#password', DEMO_PASSWORD);
    await page.locator('form[action$="/login"]').locator('button[type="submit"]').click();
    await page.waitForURL(`${stack.emulator.url}/prebuilt/**`);
    // No code from the lost app is asked for: the pre-built UI offers a first second factor instead.
    await page.getByRole('button', { name: /Email code/ }).waitFor();
    expect(await page.isVisible('#totp-challenge-code')).toBe(false);
    await screenshot(page, 'journey-8-01-set-up-again');
    const previous = stack.emulator.outbox.latestCode('alice@example.com');
    await page.getByRole('button', { name: /Email code/ }).click();
    await page.locator('#email-enroll-code').fill(await waitForOutboxCode(stack.emulator, 'alice@example.com', previous));
    await page.getByRole('button', { name: 'Verify and finish' }).click();

    await page.waitForURL(`${stack.clientUrl}/profile`);
    expect(await claim('amr')).toBe('pwd, mfa, otp');
    expect(await claim('acr')).toBe('urn:nest-identity:acr:mfa');
  });
});
