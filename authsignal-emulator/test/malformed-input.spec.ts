import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Authsignal } from '@authsignal/node';
import { expressRoutes, fillPath } from '../../test/support/app-routes.js';
import { type RunningEmulator, startEmulator } from '../src/emulator.js';

/**
 * Bodies the SDKs never send but an attacker can: refused at the emulator's edge with Authsignal's
 * 400 `invalid_request` body, on every route that takes a body, before any DTO, validator or encoder
 * sees them (they once overflowed class-transformer's stack, or threw `URI malformed`).
 */
describe('the emulator refuses malformed bodies on every route', () => {
  let emulator: RunningEmulator;
  let server: Authsignal;
  let token: string;
  const serverAuth = () => `Basic ${Buffer.from(`${emulator.tenant.apiSecretKey}:`).toString('base64')}`;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, logLevel: 'silent' });
    server = new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl });
    token = (await server.track({ userId: 'malformed-user', action: 'signIn', attributes: { email: 'malformed@example.com' } })).token;
  });
  afterAll(() => emulator?.close());

  const bodyRoutes = () => expressRoutes(emulator.app).filter((route) => route.method !== 'GET' && route.method !== 'DELETE');

  async function post(path: string, method: string, body: string) {
    const authorization = path.startsWith('/v1/client') ? `Bearer ${token}` : serverAuth();
    const response = await fetch(`${emulator.url}${fillPath(path, () => 'malformed-user')}`, {
      method,
      headers: { 'content-type': 'application/json', authorization },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('has routes with bodies to check', () => {
    expect(bodyRoutes().length).toBeGreaterThan(10);
  });

  it.each([
    ['nested 5,000 arrays deep', `{"attributes":${'['.repeat(5000)}1${']'.repeat(5000)}}`, /nested deeper/],
    ['nested 5,000 objects deep', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, /nested deeper|not valid JSON/],
    ['with a lone surrogate in a value', '{"email":"\\ud800","verificationCode":"\\udfff","redirectUrl":"https://x/\\ud800","token":"\\udc00"}', /surrogate/],
    ['with a NUL in a value', '{"email":"a\\u0000@example.com"}', /NUL/],
    ['with a lone surrogate in a field name', '{"\\ud800":"x"}', /surrogate/],
  ])('refuses a JSON body %s', async (_case, body, reason) => {
    for (const route of bodyRoutes()) {
      const result = await post(route.path, route.method, body);
      expect({ route, status: result.status }).toEqual({ route, status: 400 });
      expect(result.body).toMatchObject({ error: 'invalid_request', errorCode: 'invalid_request', errorDescription: expect.stringMatching(reason) });
    }
  });

  it('refuses a body larger than any SDK sends with 413, in the same format', async () => {
    const result = await post('/v1/validate', 'POST', JSON.stringify({ token: 'x'.repeat(300_000) }));
    expect(result).toEqual({ status: 413, body: expect.objectContaining({ error: 'invalid_request', errorCode: 'invalid_request' }) });
  });

  it('still takes what the SDKs send, an empty JSON body included', async () => {
    // The browser SDK's `totp.enroll()` posts JSON with no body at all.
    const response = await fetch(`${emulator.apiUrl}/client/user-authenticators/totp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ uri: expect.stringMatching(/^otpauth:/) });
  });
});
