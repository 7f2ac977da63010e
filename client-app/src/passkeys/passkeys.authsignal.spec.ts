import { AuthsignalError, type UserAuthenticator, VerificationMethod } from '@authsignal/node';
import { describe, expect, it, jest } from '@jest/globals';
import { Registry } from 'prom-client';
import { AuthsignalCallMetrics } from '../../../src/common/metrics/authsignal-call-metrics.js';
import { type AuthsignalClient, PasskeysAuthsignal } from './passkeys.authsignal.js';
import { PasskeyNotFoundError, PasskeyServiceUnavailableError } from './passkeys.errors.js';

type FakeClient = { [K in keyof AuthsignalClient]: jest.Mock<AuthsignalClient[K]> };

const aFakeClient = (): FakeClient => ({
  track: jest.fn<AuthsignalClient['track']>(async () => ({ token: 'enrolment-token', idempotencyKey: 'k1', state: 'ALLOW' as never, url: 'http://x/?t', isEnrolled: false })),
  getAuthenticators: jest.fn<AuthsignalClient['getAuthenticators']>(async () => []),
  deleteAuthenticator: jest.fn<AuthsignalClient['deleteAuthenticator']>(async () => undefined),
});

const anAuthenticator = (overrides: Partial<UserAuthenticator> = {}): UserAuthenticator => ({
  userId: 'user-1',
  userAuthenticatorId: 'auth-1',
  verificationMethod: VerificationMethod.PASSKEY,
  createdAt: '2026-01-02T03:04:05.000Z',
  webauthnCredential: { credentialId: 'cred-1', deviceId: 'dev-1', name: 'Laptop' },
  ...overrides,
});

/** An error as the SDK throws it for an HTTP answer with a JSON error body (the SDK keeps axios's error, with the response). */
const answered = (status: number, code: string) =>
  new AuthsignalError(status, code, 'described', { response: { status, data: { error: code } } } as unknown as AuthsignalError['axiosError']);

const wrapperOf = (client: FakeClient, timeoutMs?: number, metrics = new AuthsignalCallMetrics(new Registry())) => new PasskeysAuthsignal(client, metrics, timeoutMs);

describe(PasskeysAuthsignal.name, () => {
  describe('enrolmentToken', () => {
    it('tracks the enrolment action for the user with the add:authenticators scope and returns its token', async () => {
      const client = aFakeClient();
      const token = await wrapperOf(client).enrolmentToken({
        userId: 'user-1',
        action: 'add-passkey',
        username: 'carol',
        email: 'carol@example.com',
        ipAddress: '127.0.0.1',
        userAgent: 'Test/1.0',
      });
      expect(token).toBe('enrolment-token');
      expect(client.track).toHaveBeenCalledWith({
        userId: 'user-1',
        action: 'add-passkey',
        attributes: { scope: 'add:authenticators', username: 'carol', email: 'carol@example.com', ipAddress: '127.0.0.1', userAgent: 'Test/1.0' },
      });
    });

    it('sends no attribute it does not know', async () => {
      const client = aFakeClient();
      await wrapperOf(client).enrolmentToken({ userId: 'user-1', action: 'add-passkey', email: undefined });
      expect(client.track.mock.calls[0][0].attributes).toEqual({ scope: 'add:authenticators' });
    });

    it('treats an answer without a token as the service failing', async () => {
      const client = aFakeClient();
      client.track.mockResolvedValueOnce({} as never);
      await expect(wrapperOf(client).enrolmentToken({ userId: 'user-1', action: 'add-passkey' })).rejects.toThrow(
        PasskeyServiceUnavailableError,
      );
    });
  });

  describe('passkeys', () => {
    it('lists only passkeys, oldest first, with their name, creation and last use', async () => {
      const client = aFakeClient();
      client.getAuthenticators.mockResolvedValueOnce([
        anAuthenticator({ userAuthenticatorId: 'newer', createdAt: '2026-03-01T00:00:00.000Z', lastVerifiedAt: '2026-03-02T00:00:00.000Z' }),
        anAuthenticator({ userAuthenticatorId: 'totp', verificationMethod: VerificationMethod.AUTHENTICATOR_APP, webauthnCredential: undefined }),
        anAuthenticator({ userAuthenticatorId: 'older' }),
      ]);
      const passkeys = await wrapperOf(client).passkeys('user-1');
      expect(client.getAuthenticators).toHaveBeenCalledWith({ userId: 'user-1' });
      expect(passkeys).toEqual([
        { id: 'older', name: 'Passkey (Laptop)', createdAt: new Date('2026-01-02T03:04:05.000Z'), lastUsedAt: undefined },
        { id: 'newer', name: 'Passkey (Laptop)', createdAt: new Date('2026-03-01T00:00:00.000Z'), lastUsedAt: new Date('2026-03-02T00:00:00.000Z') },
      ]);
    });

    it('names each passkey after its authenticator, by AAGUID, from Authsignal’s mapping or the vendored list', async () => {
      const client = aFakeClient();
      client.getAuthenticators.mockResolvedValueOnce([
        anAuthenticator({ userAuthenticatorId: 'google', webauthnCredential: { credentialId: 'c1', deviceId: 'd1', name: 'Chrome on Android', aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4' } }),
        anAuthenticator({
          userAuthenticatorId: 'mapped',
          webauthnCredential: { credentialId: 'c2', deviceId: 'd2', name: 'Safari on iOS', aaguid: 'dd4ec289-e01d-41c9-bb89-70fa845d4bf2', aaguidMapping: { name: 'iCloud Keychain (Managed)', svgIconLight: '', svgIconDark: '' } },
        }),
      ]);
      expect((await wrapperOf(client).passkeys('user-1')).map((passkey) => passkey.name)).toEqual(['Google Password Manager', 'iCloud Keychain (Managed)']);
    });

    it('leaves out a date it does not have or cannot read, and calls a passkey nothing is known of "Passkey"', async () => {
      const client = aFakeClient();
      client.getAuthenticators.mockResolvedValueOnce([anAuthenticator({ createdAt: 'not a date', webauthnCredential: undefined })]);
      expect(await wrapperOf(client).passkeys('user-1')).toEqual([{ id: 'auth-1', name: 'Passkey', createdAt: undefined, lastUsedAt: undefined }]);
    });
  });

  describe('removePasskey', () => {
    it("deletes the user's authenticator", async () => {
      const client = aFakeClient();
      await wrapperOf(client).removePasskey('user-1', 'auth-1');
      expect(client.deleteAuthenticator).toHaveBeenCalledWith({ userId: 'user-1', userAuthenticatorId: 'auth-1' });
    });

    it('reports an unknown authenticator as not found', async () => {
      const client = aFakeClient();
      client.deleteAuthenticator.mockRejectedValueOnce(answered(404, 'not_found'));
      await expect(wrapperOf(client).removePasskey('user-1', 'auth-9')).rejects.toThrow(PasskeyNotFoundError);
    });
  });

  describe('failures', () => {
    it.each([
      ['unreachable', new AuthsignalError(500, 'unexpected_error', 'connect ECONNREFUSED 127.0.0.1:5003')],
      ['rejected', answered(401, 'unauthorized')],
      ['server_error', answered(503, 'unavailable')],
      ['unexpected', answered(400, 'invalid_request')],
      ['unexpected', new TypeError('boom')],
    ])('translates an SDK failure into "%s", keeping the cause', async (failure, error) => {
      const client = aFakeClient();
      client.getAuthenticators.mockRejectedValueOnce(error);
      const thrown = await wrapperOf(client).passkeys('user-1').catch((caught: unknown) => caught);
      expect(thrown).toBeInstanceOf(PasskeyServiceUnavailableError);
      expect(thrown).toMatchObject({ failure, cause: error });
    });

    it('times every call by operation and outcome', async () => {
      const registry = new Registry();
      const metrics = new AuthsignalCallMetrics(registry);
      const client = aFakeClient();
      client.getAuthenticators.mockRejectedValueOnce(answered(503, 'unavailable'));
      await expect(wrapperOf(client, undefined, metrics).passkeys('user-1')).rejects.toThrow(PasskeyServiceUnavailableError);
      await wrapperOf(client, undefined, metrics).passkeys('user-1');
      client.deleteAuthenticator.mockRejectedValueOnce(answered(404, 'not_found'));
      await expect(wrapperOf(client, undefined, metrics).removePasskey('user-1', 'gone')).rejects.toThrow(PasskeyNotFoundError);
      const text = await registry.metrics();
      expect(text).toContain('authsignal_request_duration_seconds_count{operation="getAuthenticators",outcome="server_error"} 1');
      expect(text).toContain('authsignal_request_duration_seconds_count{operation="getAuthenticators",outcome="ok"} 1');
      expect(text).toContain('authsignal_request_duration_seconds_count{operation="deleteAuthenticator",outcome="not_found"} 1');
    });

    it('stops waiting for a hung Authsignal', async () => {
      const client = aFakeClient();
      client.track.mockReturnValueOnce(new Promise(() => undefined));
      const started = Date.now();
      await expect(wrapperOf(client, 50).enrolmentToken({ userId: 'user-1', action: 'add-passkey' })).rejects.toMatchObject({
        failure: 'timeout',
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});
