import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Authsignal, VerificationMethod } from '@authsignal/node';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import type { RunningEmulator } from '../src/emulator.js';
import type { AppPages } from './support/app-pages.js';
import { type BrowserSession, openSession } from './support/browser-session.js';
import { type SdkHarness, SHORT_TENANT, startSdkHarness } from './support/sdk-harness.js';

/**
 * `@authsignal/browser` 1.16.0, unmodified, in headless Chromium with a virtual authenticator, against a real
 * emulator; every result is then checked with `@authsignal/node`'s validateChallenge, as an application would.
 */

let emulator: RunningEmulator;
let app: AppPages;
let browser: Browser;
let server: Authsignal;
let shortLived: Authsignal;
let counter = 0;
const newUserId = () => `browser-user-${++counter}-${Date.now()}`;


/** A client in the page, configured for the emulator; the function bodies below run in Chromium. */
function clientOptions(tenantId = emulator.tenant.tenantId) {
  return { tenantId, baseUrl: emulator.apiUrl };
}

async function signUp(page: Page, token: string) {
  return page.evaluate(
    ({ options, token }) => new window.authsignal.Authsignal(options).passkey.signUp({ token, username: 'jane@example.com' }),
    { options: clientOptions(), token },
  );
}

/** Registers a passkey for a new (un-enrolled) user in this session's authenticator. */
async function userWithPasskey(session: BrowserSession): Promise<string> {
  const userId = newUserId();
  const { token } = await server.track({ userId, action: 'add-passkey' });
  const result = await signUp(session.page, token);
  expect(result.error).toBeUndefined();
  return userId;
}

let harness: SdkHarness;
beforeAll(async () => {
  harness = await startSdkHarness();
  ({ app, emulator, server, shortLived, browser } = harness);
});
afterAll(() => harness?.close());

describe('passkeys through @authsignal/browser', () => {
  // Each test gets its own browser context: its own authenticator (discoverable sign-in picks among its
  // passkeys) and its own focused page (WebAuthn refuses documents without focus).
  let session: BrowserSession;
  beforeEach(async () => {
    session = await openSession(browser, `${app.origin}/`);
  });
  afterEach(async () => {
    await session.close();
  });

  it('signs up with a track token; the returned token validates as a PASSKEY challenge', async () => {
    const userId = newUserId();
    const tracked = await server.track({ userId, action: 'add-passkey' });
    const result = await signUp(session.page, tracked.token);

    expect(result.error).toBeUndefined();
    expect(result.data?.userAuthenticator?.verificationMethod).toBe('PASSKEY');
    const validated = await server.validateChallenge({ token: result.data!.token! });
    expect(validated).toMatchObject({
      isValid: true,
      state: 'CHALLENGE_SUCCEEDED',
      userId,
      action: 'add-passkey',
      idempotencyKey: tracked.idempotencyKey,
      verificationMethod: 'PASSKEY',
    });

    const [authenticator] = await server.getAuthenticators({ userId });
    expect(authenticator.webauthnCredential?.credentialId).toBe(result.data!.registrationResponse.id);
    expect(await session.authenticator.credentialIds()).toContain(authenticator.webauthnCredential?.credentialId);
    expect(authenticator.webauthnCredential?.name).toBe('Chrome on Linux');
  });

  it('signs in with a token (step-up): CHALLENGE_REQUIRED becomes CHALLENGE_SUCCEEDED', async () => {
    const userId = await userWithPasskey(session);
    const tracked = await server.track({ userId, action: 'signIn' });
    expect(tracked.state).toBe('CHALLENGE_REQUIRED');

    const result = await session.page.evaluate(
      ({ options, token }) => new window.authsignal.Authsignal(options).passkey.signIn({ token }),
      { options: clientOptions(), token: tracked.token },
    );
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ isVerified: true, userId });
    expect(await server.validateChallenge({ token: result.data!.token!, userId, action: 'signIn' })).toMatchObject({
      isValid: true,
      state: 'CHALLENGE_SUCCEEDED',
      verificationMethod: 'PASSKEY',
    });
  });

  it('signs in with a named action and no token', async () => {
    const userId = await userWithPasskey(session);
    const result = await session.page.evaluate(
      ({ options }) => new window.authsignal.Authsignal(options).passkey.signIn({ action: 'signInWithPasskey' }),
      { options: clientOptions() },
    );
    expect(result.error).toBeUndefined();
    expect(result.data?.userId).toBe(userId);
    expect(await server.validateChallenge({ token: result.data!.token! })).toMatchObject({
      isValid: true,
      state: 'CHALLENGE_SUCCEEDED',
      userId,
      action: 'signInWithPasskey',
      verificationMethod: 'PASSKEY',
    });
  });

  it('signs in through autofill, completing the tenant’s passkey sign-in action', async () => {
    const userId = await userWithPasskey(session);
    const result = await session.page.evaluate(
      ({ options }) => new window.authsignal.Authsignal(options).passkey.signIn({ autofill: true }),
      { options: clientOptions() },
    );
    expect(result.error).toBeUndefined();
    expect(result.data?.userId).toBe(userId);
    expect(await server.validateChallenge({ token: result.data!.token! })).toMatchObject({
      isValid: true,
      state: 'CHALLENGE_SUCCEEDED',
      userId,
      action: emulator.tenant.passkeySignInAction,
      verificationMethod: 'PASSKEY',
    });
  });

  it('knows whether a user’s passkey is available on this device', async () => {
    const userId = await userWithPasskey(session);
    const available = (id: string) =>
      session.page.evaluate(({ options, userId }) => new window.authsignal.Authsignal(options).passkey.isAvailableOnDevice({ userId }), {
        options: clientOptions(),
        userId: id,
      });
    expect(await available(userId)).toBe(true);
    expect(await available('someone-else')).toBe(false);

    const [authenticator] = await server.getAuthenticators({ userId });
    await server.deleteAuthenticator({ userId, userAuthenticatorId: authenticator.userAuthenticatorId });
    expect(await available(userId)).toBe(false);
  });
});

describe('authenticator app through @authsignal/browser', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openSession(browser, `${app.origin}/`);
  });
  afterAll(async () => {
    await session.close();
  });

  const verifyTotp = (token: string, code: string) =>
    session.page.evaluate(
      async ({ options, token, code }) => {
        const client = new window.authsignal.Authsignal(options);
        client.setToken(token);
        return client.totp.verify({ code });
      },
      { options: clientOptions(), token, code },
    );

  it('enrols with a code computed from the secret, then passes a challenge; a replayed code fails', async () => {
    const userId = newUserId();
    const enrolToken = (await server.track({ userId, action: 'enrol-totp' })).token;
    const enrolled = await session.page.evaluate(
      async ({ options, token }) => {
        const client = new window.authsignal.Authsignal(options);
        client.setToken(token);
        return client.totp.enroll();
      },
      { options: clientOptions(), token: enrolToken },
    );
    expect(enrolled.error).toBeUndefined();
    const { secret, uri } = enrolled.data!;
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);

    const code = await generate({ secret });
    const verified = await verifyTotp(enrolToken, code);
    expect(verified.data).toMatchObject({ isVerified: true });
    expect(verified.data?.userAuthenticator?.verificationMethod).toBe('AUTHENTICATOR_APP');
    expect(await server.validateChallenge({ token: verified.data!.token! })).toMatchObject({
      isValid: true,
      state: 'CHALLENGE_SUCCEEDED',
      userId,
      verificationMethod: 'AUTHENTICATOR_APP',
    });

    const signIn = await server.track({ userId, action: 'signIn' });
    expect(signIn.state).toBe('CHALLENGE_REQUIRED');
    expect(signIn.enrolledVerificationMethods).toEqual(['AUTHENTICATOR_APP']);
    expect((await verifyTotp(signIn.token, code)).data).toEqual({ isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' });

    const nextCode = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const challenged = await verifyTotp(signIn.token, nextCode);
    expect(challenged.data?.isVerified).toBe(true);
    expect(await server.validateChallenge({ token: challenged.data!.token!, action: 'signIn' })).toMatchObject({
      isValid: true,
      verificationMethod: 'AUTHENTICATOR_APP',
    });
  });
});

describe('email OTP through @authsignal/browser', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openSession(browser, `${app.origin}/`);
  });
  afterAll(async () => {
    await session.close();
  });

  it('enrols an address with the code from the outbox, then passes a challenge', async () => {
    const userId = newUserId();
    const email = `${userId}@example.com`;
    const enrolToken = (await server.track({ userId, action: 'enrol-email' })).token;
    const enrolled = await session.page.evaluate(
      async ({ options, token, email }) => {
        const client = new window.authsignal.Authsignal(options);
        client.setToken(token);
        return client.email.enroll({ email });
      },
      { options: clientOptions(), token: enrolToken, email },
    );
    expect(enrolled.data).toMatchObject({ userId });

    const verify = (token: string, code: string) =>
      session.page.evaluate(
        async ({ options, token, code }) => {
          const client = new window.authsignal.Authsignal(options);
          client.setToken(token);
          return client.email.verify({ code });
        },
        { options: clientOptions(), token, code },
      );
    const verified = await verify(enrolToken, emulator.outbox.latestCode(email)!);
    expect(verified.data).toMatchObject({ isVerified: true });
    expect(await server.validateChallenge({ token: verified.data!.token! })).toMatchObject({
      isValid: true,
      state: 'CHALLENGE_SUCCEEDED',
      verificationMethod: 'EMAIL_OTP',
    });
    expect(await server.getUser({ userId })).toMatchObject({ isEnrolled: true, email, emailVerified: true });

    const signIn = await server.track({ userId, action: 'signIn' });
    const challenge = await session.page.evaluate(
      async ({ options, token }) => {
        const client = new window.authsignal.Authsignal(options);
        client.setToken(token);
        return client.email.challenge();
      },
      { options: clientOptions(), token: signIn.token },
    );
    expect(challenge.data?.challengeId).toBeTruthy();
    const challenged = await verify(signIn.token, emulator.outbox.latestCode(email)!);
    expect(challenged.data?.isVerified).toBe(true);
    expect(await server.validateChallenge({ token: challenged.data!.token!, userId, action: 'signIn' })).toMatchObject({
      isValid: true,
      verificationMethod: 'EMAIL_OTP',
    });
  });
});

describe('expired tokens', () => {
  it('fire onTokenExpired and answer expired_token', async () => {
    const session = await openSession(browser, `${app.origin}/`);
    try {
      const userId = newUserId();
      await shortLived.enrollVerifiedAuthenticator({ userId, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: `${userId}@example.com` } });
      const { token } = await shortLived.track({ userId, action: 'signIn', attributes: { scope: 'add:authenticators' } });
      await new Promise((resolve) => setTimeout(resolve, 1_100));

      const outcome = await session.page.evaluate(
        async ({ options, token }) => {
          let expired = 0;
          const client = new window.authsignal.Authsignal({ ...options, onTokenExpired: () => (expired += 1) });
          const signUp = await client.passkey.signUp({ token });
          client.setToken(token);
          const email = await client.email.challenge();
          return { expired, signUp, email };
        },
        { options: clientOptions(SHORT_TENANT.tenantId), token },
      );
      expect(outcome.expired).toBe(2);
      expect(outcome.signUp).toMatchObject({ errorCode: 'expired_token' });
      expect(outcome.email).toMatchObject({ errorCode: 'expired_token' });
      expect(await shortLived.validateChallenge({ token })).toEqual({ action: undefined, isValid: false, error: 'The token has expired.' });
    } finally {
      await session.close();
    }
  });
});
