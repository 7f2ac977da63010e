import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Authsignal, UserActionState, VerificationMethod } from '@authsignal/node';
import fc from 'fast-check';
import { type RunningEmulator, startEmulator } from '../src/emulator.js';

/**
 * The wire details the SDKs depend on (reference §0): JSON everywhere, error bodies, CORS, empty bodies,
 * authentication of the client API, never a 5xx for bad input; plus the pages, persistence and tenants.
 */

const APP_ORIGIN = 'http://localhost:5999';
const SECOND = { tenantId: 'second', apiSecretKey: 'second-secret' };
let emulator: RunningEmulator;
let server: Authsignal;
let counter = 0;
const newUserId = () => `contract-user-${++counter}-${Date.now()}`;

const basicSecret = (secret: string) => `Basic ${Buffer.from(`${secret}:`).toString('base64')}`;
const basicTenant = (tenantId: string) => `Basic ${Buffer.from(encodeURIComponent(tenantId)).toString('base64')}`;

async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  const response = await fetch(`${emulator.apiUrl}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, logLevel: 'silent', tenants: [{ expectedOrigins: [APP_ORIGIN] }, SECOND] });
  server = new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl });
});

afterAll(async () => {
  await emulator.close();
});

describe('client API wire contract', () => {
  it('answers CORS preflights for any origin, with the headers the SDK sends', async () => {
    const response = await fetch(`${emulator.apiUrl}/client/user-authenticators/passkey/authentication-options`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:4321', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:4321');
    expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('accepts the empty JSON bodies the SDK sends to enrol TOTP and to start an email challenge', async () => {
    const userId = newUserId();
    await server.enrollVerifiedAuthenticator({ userId, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: `${userId}@example.com` } });
    const { token } = await server.track({ userId, action: 'manage', attributes: { scope: 'add:authenticators' } });
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Origin: APP_ORIGIN };

    const totp = await call('/client/user-authenticators/totp', { method: 'POST', headers });
    expect(totp.status).toBe(200);
    expect(totp.body).toMatchObject({ userId, uri: expect.stringMatching(/^otpauth:\/\/totp\//) });
    expect(totp.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);

    const email = await call('/client/challenge/email-otp', { method: 'POST', headers });
    expect(email.status).toBe(200);
    expect(Object.keys(email.body)).toEqual(['challengeId']);
  });

  it('authenticates: a token where required, the tenant id where allowed, JSON errors otherwise', async () => {
    const none = await call('/client/user-authenticators/passkey/authentication-options', { method: 'POST', json: {} });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: 'unauthorized', errorCode: 'unauthorized', errorDescription: expect.any(String) });

    const unknownTenant = await call('/client/challenge', { method: 'POST', headers: { Authorization: basicTenant('nobody') }, json: { action: 'signIn' } });
    expect(unknownTenant.status).toBe(401);

    const garbageToken = await call('/client/user-authenticators/totp', { method: 'POST', headers: { Authorization: 'Bearer not.a.token' } });
    expect(garbageToken.status).toBe(401);
    expect(garbageToken.body.errorCode).toBe('invalid_token');

    const tenantOnTokenRoute = await call('/client/user-authenticators/totp', { method: 'POST', headers: { Authorization: basicTenant(emulator.tenant.tenantId) } });
    expect(tenantOnTokenRoute.status).toBe(401);
    expect(tenantOnTokenRoute.body.errorCode).toBe('invalid_token');

    const colonForm = await call('/client/challenge', { method: 'POST', headers: { Authorization: basicSecret(emulator.tenant.tenantId) }, json: { action: 'signIn' } });
    expect(colonForm.status).toBe(200);
    expect(colonForm.body).toEqual({ challengeId: expect.any(String) });
  });

  it('answers the SDK’s other client routes with a JSON 404', async () => {
    const response = await call('/client/user-authenticators/sms', { method: 'POST', headers: { Authorization: basicTenant(emulator.tenant.tenantId) }, json: {} });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: 'invalid_request', errorCode: 'invalid_request' });
  });

  it('looks up passkeys by comma-joined ids, 404 JSON when none is known', async () => {
    const response = await call('/client/user-authenticators/passkey?credentialIds=abc,def', { headers: { Authorization: basicTenant(emulator.tenant.tenantId) } });
    expect(response.status).toBe(404);
    expect(response.body.errorCode).toBe('not_found');
  });

  it('turns malformed input into 4xx JSON errors, never a 5xx', async () => {
    const auth = { Authorization: basicTenant(emulator.tenant.tenantId) };
    const options = await call('/client/user-authenticators/passkey/authentication-options', { method: 'POST', headers: auth, json: {} });
    const { token } = await server.track({ userId: newUserId(), action: 'signIn' });
    const bearer = { Authorization: `Bearer ${token}` };
    const attempts: Array<[string, Record<string, string>, string | undefined]> = [
      ['/client/verify/passkey', auth, '{"challengeId": 1'],
      ['/client/verify/passkey', auth, 'null'],
      ['/client/verify/passkey', auth, '[1,2]'],
      ['/client/verify/passkey', auth, '"text"'],
      ['/client/verify/passkey', auth, JSON.stringify({ challengeId: options.body.challengeId, authenticationCredential: 'x' })],
      ['/client/verify/passkey', auth, JSON.stringify({ challengeId: options.body.challengeId, authenticationCredential: { id: 5, response: [] } })],
      ['/client/user-authenticators/passkey', bearer, JSON.stringify({ challengeId: 'nope', registrationCredential: {} })],
      ['/client/user-authenticators/passkey/registration-options', bearer, JSON.stringify({ authenticatorAttachment: 'usb' })],
      ['/client/verify/totp', bearer, JSON.stringify({ verificationCode: 123456 })],
      ['/client/user-authenticators/email-otp', bearer, JSON.stringify({ email: 'not-an-email' })],
      ['/client/challenge', auth, JSON.stringify({ action: '../../etc' })],
    ];
    for (const [path, headers, body] of attempts) {
      const response = await call(path, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body });
      expect({ path, body, status: response.status >= 400 && response.status < 500 }).toEqual({ path, body, status: true });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.body.error).toBe(response.body.errorCode);
    }
  });

  it('never answers a 5xx to arbitrary JSON on any route', async () => {
    const userId = newUserId();
    const { token } = await server.track({ userId, action: 'signIn' });
    const tenant = { Authorization: basicTenant(emulator.tenant.tenantId) };
    const bearer = { Authorization: `Bearer ${token}` };
    const secret = { Authorization: basicSecret(emulator.tenant.apiSecretKey) };
    const routes: Array<[string, string, Record<string, string>]> = [
      ['POST', '/client/user-authenticators/passkey/registration-options', bearer],
      ['POST', '/client/user-authenticators/passkey', bearer],
      ['POST', '/client/user-authenticators/passkey/authentication-options', tenant],
      ['POST', '/client/verify/passkey', tenant],
      ['POST', '/client/challenge', tenant],
      ['POST', '/client/user-authenticators/totp', bearer],
      ['POST', '/client/verify/totp', bearer],
      ['POST', '/client/user-authenticators/email-otp', bearer],
      ['POST', '/client/challenge/email-otp', bearer],
      ['POST', '/client/verify/email-otp', bearer],
      ['POST', `/users/${userId}/actions/signIn`, secret],
      ['PATCH', `/users/${userId}`, secret],
      ['POST', `/users/${userId}/authenticators`, secret],
      ['POST', '/validate', secret],
      ['POST', '/challenge', secret],
      ['POST', '/verify', secret],
      ['POST', '/claim', secret],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue({ maxDepth: 3 }), async ([method, path, headers], body) => {
        const response = await call(path, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return response.status < 500 && (response.status < 400 || response.body.error === response.body.errorCode);
      }),
      { numRuns: 150 },
    );
    for (const path of ['/users/%E0%A4%A', `/users/${'x'.repeat(300)}`, '/users/a/actions/b/%ZZ']) {
      const response = await call(path, { headers: secret });
      expect([path, response.status]).toEqual([path, 400]);
    }
  });

  it('refuses a garbage credential for a live challenge with invalid_credential', async () => {
    const auth = { Authorization: basicTenant(emulator.tenant.tenantId) };
    const options = await call('/client/user-authenticators/passkey/authentication-options', { method: 'POST', headers: auth, json: {} });
    const response = await call('/client/verify/passkey', {
      method: 'POST',
      headers: auth,
      json: { challengeId: options.body.challengeId, authenticationCredential: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} } },
    });
    expect(response.status).toBe(400);
    expect(response.body.errorCode).toBe('invalid_credential');
  });
});

describe('server API wire contract', () => {
  it('accepts a track without a body and ignores unknown fields', async () => {
    const empty = await call(`/users/${newUserId()}/actions/signIn`, { method: 'POST', headers: { Authorization: basicSecret(emulator.tenant.apiSecretKey), 'Content-Type': 'application/json' } });
    expect(empty.status).toBe(200);
    expect(empty.body.state).toBe('ALLOW');
    const extra = await call(`/users/${newUserId()}/actions/signIn`, { method: 'POST', headers: { Authorization: basicSecret(emulator.tenant.apiSecretKey) }, json: { surprise: { nested: true } } });
    expect(extra.status).toBe(200);
    expect(extra.body).not.toHaveProperty('error');
  });

  it('answers JSON 404 for unknown routes once authenticated', async () => {
    const response = await call('/no/such/route', { headers: { Authorization: basicSecret(emulator.tenant.apiSecretKey) } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body.errorCode).toBe('not_found');
  });

  it('keeps tenants apart: another tenant’s secret sees neither the users nor the tokens', async () => {
    const userId = newUserId();
    await server.enrollVerifiedAuthenticator({ userId, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: `${userId}@example.com` } });
    const { token } = await server.track({ userId, action: 'signIn' });
    const second = new Authsignal({ apiSecretKey: SECOND.apiSecretKey, apiUrl: emulator.apiUrl });
    expect((await second.getUser({ userId })).isEnrolled).toBe(false);
    expect(await second.validateChallenge({ token })).toMatchObject({ isValid: false, error: 'The token is invalid.' });
  });
});

describe('pages', () => {
  it('lists tenants, users with their authenticators and recent actions on the console', async () => {
    const userId = newUserId();
    await server.enrollVerifiedAuthenticator({ userId, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: `${userId}@example.com` } });
    await server.track({ userId, action: 'console-check' });
    const response = await fetch(`${emulator.url}/`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(userId);
    expect(html).toContain('console-check');
    expect(html).toContain('Email OTP');
    expect(html).toContain('Tenant <code>second</code>');
    expect(html).not.toContain(emulator.tenant.apiSecretKey);
  });

  it('shows codes on the outbox page and the latest one as JSON', async () => {
    const email = `${newUserId()}@example.com`;
    await server.challenge({ verificationMethod: 'EMAIL_OTP', action: 'signIn', email });
    const code = emulator.outbox.latestCode(email)!;
    expect(await (await fetch(`${emulator.url}/outbox`)).text()).toContain(code);
    const latest = await fetch(`${emulator.url}/outbox.json?email=${encodeURIComponent(email.toUpperCase())}`);
    expect(await latest.json()).toMatchObject({ email, code, sentAt: expect.any(String) });
    const unknown = await fetch(`${emulator.url}/outbox.json?email=nobody%40example.com`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).errorCode).toBe('not_found');
  });

  it('serves the pre-built UI with a strict CSP, no inline script, and framable by the tenant’s origins', async () => {
    const { url } = await server.track({ userId: newUserId(), action: 'signIn' });
    const response = await fetch(url);
    const html = await response.text();
    const csp = response.headers.get('content-security-policy')!;
    expect(response.status).toBe(200);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(new RegExp(`frame-ancestors [^;]*${APP_ORIGIN}`));
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => / src="/.test(tag))).toBe(true);
    expect(html).toContain('/sdk/authsignal-browser.min.js');
  });

  it('tells the user at once when the action was blocked', async () => {
    const userId = newUserId();
    const tracked = await server.track({ userId, action: 'signIn' });
    await server.updateAction({ userId, action: 'signIn', idempotencyKey: tracked.idempotencyKey, attributes: { state: UserActionState.BLOCK } });
    const response = await fetch(tracked.url);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This sign-in can’t continue');
  });

  it('serves the browser SDK from node_modules', async () => {
    const response = await fetch(`${emulator.url}/sdk/authsignal-browser.min.js`);
    const file = createRequire(import.meta.url).resolve('@authsignal/browser/dist/index.min.js');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).toBe(readFileSync(file, 'utf8'));
  });

  it('returns to the tracked redirect URL with the token once verified', async () => {
    const userId = newUserId();
    const email = `${userId}@example.com`;
    const { challengeId } = await server.challenge({ verificationMethod: 'EMAIL_OTP', action: 'signIn', email });
    await server.verify({ challengeId, verificationCode: emulator.outbox.latestCode(email)! });
    const { token } = await server.claimChallenge({ challengeId, userId });
    const tracked = await server.track({ userId, action: 'signIn', attributes: { redirectUrl: `${APP_ORIGIN}/callback?a=1` } });
    const response = await fetch(`${emulator.url}/prebuilt/complete?token=${tracked.token}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${APP_ORIGIN}/callback?a=1&token=${tracked.token}`);
    const noRedirect = await fetch(`${emulator.url}/prebuilt/complete?token=${token}`);
    expect(noRedirect.status).toBe(200);
    expect(await noRedirect.text()).toContain('You can close this window');
  });
});

describe('persistence', () => {
  it('keeps users, authenticators and actions across a restart with a state file', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');
    const first = await startEmulator({ port: 0, logLevel: 'silent', stateFile });
    const before = new Authsignal({ apiSecretKey: first.tenant.apiSecretKey, apiUrl: first.apiUrl });
    await before.enrollVerifiedAuthenticator({ userId: 'persisted', attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: 'p@example.com' } });
    const { token } = await before.track({ userId: 'persisted', action: 'signIn' });
    await first.close();

    const second = await startEmulator({ port: 0, logLevel: 'silent', stateFile });
    try {
      const after = new Authsignal({ apiSecretKey: second.tenant.apiSecretKey, apiUrl: second.apiUrl });
      expect(await after.getUser({ userId: 'persisted' })).toMatchObject({ isEnrolled: true, email: 'p@example.com' });
      expect(await after.validateChallenge({ token })).toMatchObject({ isValid: false, state: 'CHALLENGE_REQUIRED', userId: 'persisted' });
    } finally {
      await second.close();
    }
  });
});
