import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Authsignal, VerificationMethod } from '@authsignal/node';
import { generate } from 'otplib';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium.js';
import { type RunningEmulator, startEmulator } from '../src/emulator.js';
import { type AppPages, startAppPages } from './support/app-pages.js';
import { type BrowserSession, openSession } from './support/browser-session.js';

/**
 * What the emulator refuses, each with its error code (see the README's table), driven through the official
 * SDKs: the browser SDK in Chromium for the client API, the node SDK to set up and to validate.
 */

let emulator: RunningEmulator;
let app: AppPages;
let foreignApp: AppPages;
let subdomainApp: AppPages;
let browser: Browser;
let server: Authsignal;
let counter = 0;
const newUserId = () => `refusal-user-${++counter}-${Date.now()}`;
const OTHER_RP_TENANT = { tenantId: 'other-rp', apiSecretKey: 'other-rp-secret', rpId: 'example.com' };

function options(tenantId = emulator.tenant.tenantId) {
  return { tenantId, baseUrl: emulator.apiUrl };
}

function signUp(page: Page, token: string, tenantId?: string) {
  return page.evaluate(({ options, token }) => new window.authsignal.Authsignal(options).passkey.signUp({ token }), { options: options(tenantId), token });
}

function signInWithToken(page: Page, token: string) {
  return page.evaluate(({ options, token }) => new window.authsignal.Authsignal(options).passkey.signIn({ token }), { options: options(), token });
}

async function userWithPasskey(page: Page): Promise<string> {
  const userId = newUserId();
  const result = await signUp(page, (await server.track({ userId, action: 'add-passkey' })).token);
  expect(result.error).toBeUndefined();
  return userId;
}

async function userWithEmail(): Promise<string> {
  const userId = newUserId();
  await server.enrollVerifiedAuthenticator({ userId, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: `${userId}@example.com` } });
  return userId;
}

function flipLastByte(base64url: string): string {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[bytes.length - 1] ^= 0x01;
  return bytes.toString('base64url');
}

beforeAll(async () => {
  [app, foreignApp, subdomainApp] = await Promise.all([startAppPages(), startAppPages(), startAppPages('sub.localhost')]);
  emulator = await startEmulator({
    port: 0,
    logLevel: 'silent',
    tenants: [{ expectedOrigins: [app.origin, subdomainApp.origin] }, { ...OTHER_RP_TENANT, expectedOrigins: [app.origin] }],
  });
  server = new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await Promise.all([app?.close(), foreignApp?.close(), subdomainApp?.close()]);
});

describe('passkey refusals', () => {
  let session: BrowserSession;
  beforeEach(async () => {
    session = await openSession(browser, `${app.origin}/`);
  });
  afterEach(async () => {
    await session.close();
  });

  it('refuses a tampered signature with invalid_credential and leaves the action unchallenged', async () => {
    const userId = await userWithPasskey(session.page);
    const tracked = await server.track({ userId, action: 'signIn' });
    await session.page.route('**/v1/client/verify/passkey', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      body.authenticationCredential.response.signature = flipLastByte(body.authenticationCredential.response.signature);
      await route.continue({ postData: JSON.stringify(body) });
    });
    const result = await signInWithToken(session.page, tracked.token);
    expect(result).toMatchObject({ errorCode: 'invalid_credential' });
    expect(await server.validateChallenge({ token: tracked.token })).toMatchObject({ isValid: false, state: 'CHALLENGE_REQUIRED' });
  });

  it('refuses a reused challenge with invalid_challenge', async () => {
    const userId = await userWithPasskey(session.page);
    const tracked = await server.track({ userId, action: 'signIn' });
    const verifications: Request[] = [];
    session.page.on('request', (request) => {
      if (request.url().endsWith('/client/verify/passkey') && request.method() === 'POST') verifications.push(request);
    });
    const first = await signInWithToken(session.page, tracked.token);
    expect(first.data?.isVerified).toBe(true);

    const [original] = verifications;
    const replay = await fetch(original.url(), {
      method: 'POST',
      headers: { Authorization: (await original.allHeaders()).authorization, 'Content-Type': 'application/json' },
      body: original.postData(),
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_challenge', errorCode: 'invalid_challenge' });
  });

  it('refuses another user’s passkey when signing in with a token', async () => {
    await userWithPasskey(session.page);
    const victim = await userWithEmail();
    const tracked = await server.track({ userId: victim, action: 'signIn' });
    const result = await signInWithToken(session.page, tracked.token);
    expect(result).toMatchObject({ errorCode: 'invalid_credential', errorDescription: 'This passkey belongs to another user.' });
    expect(await server.validateChallenge({ token: tracked.token })).toMatchObject({ isValid: false, state: 'CHALLENGE_REQUIRED' });
  });

  it('refuses ceremonies from an origin that is not expected', async () => {
    const userId = await userWithPasskey(session.page);
    await session.page.goto(`${foreignApp.origin}/`);

    const registration = await signUp(session.page, (await server.track({ userId: newUserId(), action: 'add-passkey' })).token);
    expect(registration).toMatchObject({ errorCode: 'invalid_credential' });
    expect(registration.errorDescription).toContain(`origin "${foreignApp.origin}"`);

    const tracked = await server.track({ userId, action: 'signIn' });
    const authentication = await signInWithToken(session.page, tracked.token);
    expect(authentication).toMatchObject({ errorCode: 'invalid_credential' });
    expect(authentication.errorDescription).toContain('origin');
  });

  it('refuses a credential made for another RP ID (server-side RP ID hash check)', async () => {
    const page = session.page;
    await page.goto(`${subdomainApp.origin}/`);
    // The page asks the authenticator for a passkey of "sub.localhost" instead of the tenant's "localhost".
    await page.route('**/v1/client/user-authenticators/passkey/registration-options', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      json.options.rp.id = 'sub.localhost';
      await route.fulfill({ response, json });
    });
    const userId = newUserId();
    const result = await signUp(page, (await server.track({ userId, action: 'add-passkey' })).token);
    expect(result).toMatchObject({ errorCode: 'invalid_credential' });
    expect(result.errorDescription).toMatch(/RP ID/i);
    expect(await server.getAuthenticators({ userId })).toEqual([]);
  });

  it('lets the browser refuse an RP ID that does not cover the page (ERROR_INVALID_RP_ID is thrown)', async () => {
    const otherRp = new Authsignal({ apiSecretKey: OTHER_RP_TENANT.apiSecretKey, apiUrl: emulator.apiUrl });
    const { token } = await otherRp.track({ userId: newUserId(), action: 'add-passkey' });
    const thrown = await session.page.evaluate(
      async ({ options, token }) => {
        try {
          await new window.authsignal.Authsignal(options).passkey.signUp({ token });
          return undefined;
        } catch (error) {
          return { name: (error as Error).name, code: (error as { code?: string }).code };
        }
      },
      { options: options(OTHER_RP_TENANT.tenantId), token },
    );
    expect(thrown).toEqual({ name: 'SecurityError', code: 'ERROR_INVALID_RP_ID' });
  });
});

describe('authenticator binding', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openSession(browser, `${app.origin}/`);
  });
  afterAll(async () => {
    await session.close();
  });

  it('refuses a second authenticator without the add:authenticators scope (insufficient_scope)', async () => {
    const userId = await userWithEmail();
    const { token } = await server.track({ userId, action: 'add-passkey' });
    const attempts = await session.page.evaluate(
      async ({ options, token }) => {
        const client = new window.authsignal.Authsignal(options);
        client.setToken(token);
        return {
          passkey: await client.passkey.signUp({ token }),
          totp: await client.totp.enroll(),
          email: await client.email.enroll({ email: 'attacker@example.com' }),
        };
      },
      { options: options(), token },
    );
    expect(attempts.passkey).toMatchObject({ errorCode: 'insufficient_scope' });
    expect(attempts.totp).toMatchObject({ errorCode: 'insufficient_scope' });
    expect(attempts.email).toMatchObject({ errorCode: 'insufficient_scope' });
    expect((await server.getAuthenticators({ userId })).map((authenticator) => authenticator.verificationMethod)).toEqual(['EMAIL_OTP']);

    const scoped = await server.track({ userId, action: 'add-passkey', attributes: { scope: 'add:authenticators' } });
    expect((await signUp(session.page, scoped.token)).data?.userAuthenticator?.verificationMethod).toBe('PASSKEY');
  });
});

describe('one-time code refusals', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openSession(browser, `${app.origin}/`);
  });
  afterAll(async () => {
    await session.close();
  });

  it('refuses a wrong authenticator-app code, then locks the action out after too many', async () => {
    const userId = newUserId();
    const tracked = await server.track({ userId, action: 'enrol-totp' });
    const outcome = await session.page.evaluate(
      async ({ options, token, attempts }) => {
        const client = new window.authsignal.Authsignal(options);
        client.setToken(token);
        const enrolled = await client.totp.enroll();
        const results = [];
        for (let attempt = 0; attempt < attempts; attempt += 1) results.push((await client.totp.verify({ code: 'abcdef' })).data);
        return { secret: enrolled.data.secret as string, results };
      },
      { options: options(), token: tracked.token, attempts: emulator.tenant.maxOtpAttempts },
    );
    expect(outcome.results.slice(0, -1)).toEqual(
      Array(emulator.tenant.maxOtpAttempts - 1).fill({ isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' }),
    );
    expect(outcome.results.at(-1)).toEqual({ isVerified: false, failureReason: 'MAX_ATTEMPTS_EXCEEDED' });

    const rightCode = await generate({ secret: outcome.secret });
    const late = await session.page.evaluate(
      async ({ options, token, code }) => {
        const client = new window.authsignal.Authsignal(options);
        client.setToken(token);
        return client.totp.verify({ code });
      },
      { options: options(), token: tracked.token, code: rightCode },
    );
    expect(late.data).toEqual({ isVerified: false, failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
    expect(await server.validateChallenge({ token: tracked.token })).toMatchObject({ isValid: false, state: 'CHALLENGE_FAILED' });
  });

  it('refuses a wrong email code', async () => {
    const userId = newUserId();
    const email = `${userId}@example.com`;
    const tracked = await server.track({ userId, action: 'enrol-email' });
    const result = await session.page.evaluate(
      async ({ options, token, email }) => {
        const client = new window.authsignal.Authsignal(options);
        client.setToken(token);
        await client.email.enroll({ email });
        return client.email.verify({ code: '12345' });
      },
      { options: options(), token: tracked.token, email },
    );
    expect(result.data).toEqual({ isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' });
    expect(await server.getUser({ userId })).toMatchObject({ isEnrolled: false });
  });
});
