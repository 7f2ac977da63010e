import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VerificationMethod } from '@authsignal/node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/users/demo-users.js';
import { UsersService } from '../../src/users/users.service.js';
import { challengeEmailOtp } from '../support/authsignal-steps.js';
import { launchChromium } from '../support/chromium.js';
import { type FullStack, startFullStack } from '../support/full-stack.js';

const BOB_EMAIL = 'bob@example.com';
const REFUSED = 'We could not verify this sign-in';

/**
 * Journey 5: tokens that must not sign anyone in, presented to the MFA callback in Chromium. Each ends on
 * a friendly page, the client app never receives a code, and the browser stays signed out.
 */
describe('the MFA callback refuses, in a browser', () => {
  let stack: FullStack;
  let browser: Browser;
  let bobId: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startFullStack(), launchChromium()]);
    bobId = (await stack.idp.app.get(UsersService).findByUsername('bob'))!.id;
    await stack.authsignal.enrollVerifiedAuthenticator({ userId: bobId, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: BOB_EMAIL } });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  interface Visitor {
    context: BrowserContext;
    page: Page;
    /** Requests that reached the client app's OIDC callback: a code was issued. */
    codesReceived: string[];
  }

  async function newVisitor(): Promise<Visitor> {
    const context = await browser.newContext();
    const codesReceived: string[] = [];
    context.on('request', (request) => {
      if (request.url().startsWith(`${stack.clientUrl}/callback`)) codesReceived.push(request.url());
    });
    return { context, page: await context.newPage(), codesReceived };
  }

  /** From the client app to the pre-built UI: returns the interaction's URL and the track token. */
  async function passwordStep({ page }: Visitor, username: string) {
    await page.goto(`${stack.clientUrl}/login`);
    await page.waitForURL(`${stack.idp.issuer}/interaction/**`);
    const interactionUrl = page.url();
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await page.locator('form[action$="/login"] button[type="submit"]').click();
    await page.waitForURL(`${stack.emulator.url}/prebuilt/**`);
    return { interactionUrl, trackToken: new URL(page.url()).searchParams.get('token')! };
  }

  const callbackUrl = (interactionUrl: string, token?: string) =>
    `${interactionUrl}/mfa/callback${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

  async function expectRefused(visitor: Visitor, url: string, title = REFUSED): Promise<void> {
    const response = await visitor.page.goto(url);
    expect(response?.status()).toBeGreaterThanOrEqual(400);
    expect(await visitor.page.locator('h1').textContent()).toBe(title);
    expect(visitor.codesReceived).toEqual([]);
    await visitor.page.goto(`${stack.clientUrl}/profile`);
    await visitor.page.waitForURL(`${stack.idp.issuer}/interaction/**`);
  }

  /** Bob's second step completed through the API, as the pre-built UI would: the token it returns. */
  const completed = (trackToken: string) => challengeEmailOtp(stack.emulator, trackToken, BOB_EMAIL);

  it('a replayed token, another user’s token, and a token from another browser', async () => {
    const [a, b, alice] = [await newVisitor(), await newVisitor(), await newVisitor()];
    try {
      const stepA = await passwordStep(a, 'bob');
      const tokenA = await completed(stepA.trackToken);
      const stepB = await passwordStep(b, 'bob');
      const stepAlice = await passwordStep(alice, 'alice');

      await expectRefused(b, callbackUrl(stepB.interactionUrl, tokenA));
      await expectRefused(alice, callbackUrl(stepAlice.interactionUrl, tokenA));
      // B cannot continue A's interaction either: it lacks A's interaction cookie.
      await expectRefused(b, callbackUrl(stepA.interactionUrl, tokenA), 'This sign-in has expired');

      // The token still signs in the browser it belongs to, once; a replay there is refused.
      await a.page.goto(callbackUrl(stepA.interactionUrl, tokenA));
      await a.page.waitForURL(`${stack.clientUrl}/profile`);
      const replay = await newVisitor();
      try {
        const stepReplay = await passwordStep(replay, 'bob');
        await expectRefused(replay, callbackUrl(stepReplay.interactionUrl, tokenA));
      } finally {
        await replay.context.close();
      }
    } finally {
      await Promise.all([a.context.close(), b.context.close(), alice.context.close()]);
    }
  });

  it('a completed token for the passkey enrolment action', async () => {
    const visitor = await newVisitor();
    try {
      const enrolment = await stack.authsignal.track({ userId: bobId, action: 'add-passkey', attributes: { scope: 'add:authenticators' } });
      const enrolmentToken = await completed(enrolment.token);
      const { interactionUrl } = await passwordStep(visitor, 'bob');
      await expectRefused(visitor, callbackUrl(interactionUrl, enrolmentToken));
    } finally {
      await visitor.context.close();
    }
  });

  it('a missing or garbled token', async () => {
    const visitor = await newVisitor();
    try {
      const { interactionUrl } = await passwordStep(visitor, 'bob');
      await expectRefused(visitor, callbackUrl(interactionUrl));
      // A refused token leaves the interaction (and its path-scoped cookie) in place: the next one reaches the checks too.
      await expectRefused(visitor, callbackUrl(interactionUrl, 'garbled%token'));
    } finally {
      await visitor.context.close();
    }
  });

  it('a callback reached without the password step', async () => {
    const visitor = await newVisitor();
    try {
      const tracked = await stack.authsignal.track({ userId: bobId, action: 'identity-server-login' });
      const token = await completed(tracked.token);
      await visitor.page.goto(`${stack.clientUrl}/login`);
      await visitor.page.waitForURL(`${stack.idp.issuer}/interaction/**`);
      await expectRefused(visitor, callbackUrl(visitor.page.url(), token));
    } finally {
      await visitor.context.close();
    }
  });
});
