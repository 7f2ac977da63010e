import { describe, expect, it, jest } from '@jest/globals';
import type { SignedInUser } from '../auth/auth-session.js';
import { loadClientAppConfig } from '../config/client-app.config.js';
import type { Passkey, PasskeysAuthsignal } from './passkeys.authsignal.js';
import { PasskeyNotFoundError, ReauthenticationRequiredError } from './passkeys.errors.js';
import { PasskeysService } from './passkeys.service.js';

const config = loadClientAppConfig({ LOG_LEVEL: 'silent', PASSKEY_ENROLMENT_ACTION: 'enrol-passkey', RECENT_SIGN_IN_SECONDS: '300' });
const nowSeconds = () => Math.floor(Date.now() / 1000);

const aUser = (authTime: unknown = nowSeconds() - 10, claims: Record<string, unknown> = {}): SignedInUser => ({
  sub: 'user-1',
  displayName: 'Carol Example',
  claims: { sub: 'user-1', auth_time: authTime, acr: 'urn:nest-identity:acr:mfa', preferred_username: 'carol', email: 'carol@example.com', ...claims },
});

const laptop: Passkey = { id: 'pk-1', name: 'Laptop', createdAt: new Date('2026-01-01T00:00:00Z') };

function aService(passkeys: Passkey[] = [laptop]) {
  const authsignal = {
    enrolmentToken: jest.fn<PasskeysAuthsignal['enrolmentToken']>(async () => 'token-1'),
    passkeys: jest.fn<PasskeysAuthsignal['passkeys']>(async () => passkeys),
    removePasskey: jest.fn<PasskeysAuthsignal['removePasskey']>(async () => undefined),
  };
  return { authsignal, service: new PasskeysService(authsignal as unknown as PasskeysAuthsignal, config) };
}

describe(PasskeysService.name, () => {
  describe('enrolmentToken', () => {
    it('mints a token for the configured action, the OIDC subject and its claims after a recent sign-in', async () => {
      const { authsignal, service } = aService();
      await expect(service.enrolmentToken(aUser(), { ipAddress: '127.0.0.1', userAgent: 'Test/1.0' })).resolves.toBe('token-1');
      expect(authsignal.enrolmentToken).toHaveBeenCalledWith({
        userId: 'user-1',
        action: 'enrol-passkey',
        username: 'carol',
        email: 'carol@example.com',
        ipAddress: '127.0.0.1',
        userAgent: 'Test/1.0',
      });
    });

    it('leaves out claims the ID token did not carry', async () => {
      const { authsignal, service } = aService();
      await service.enrolmentToken(aUser(undefined, { auth_time: nowSeconds(), preferred_username: undefined, email: 42 }), {});
      expect(authsignal.enrolmentToken.mock.calls[0][0]).toMatchObject({ username: undefined, email: undefined });
    });

    it.each([
      ['older than the window', { auth_time: nowSeconds() - 301 }],
      ['without auth_time', { auth_time: undefined }],
    ])('refuses a sign-in %s, without calling Authsignal', async (_case, claims) => {
      const { authsignal, service } = aService();
      await expect(service.enrolmentToken(aUser(undefined, claims), {})).rejects.toThrow(ReauthenticationRequiredError);
      expect(authsignal.enrolmentToken).not.toHaveBeenCalled();
    });
  });

  describe('remove', () => {
    it("removes one of the user's passkeys", async () => {
      const { authsignal, service } = aService();
      await service.remove(aUser(), 'pk-1');
      expect(authsignal.removePasskey).toHaveBeenCalledWith('user-1', 'pk-1');
    });

    it("refuses an id that is not one of the user's passkeys (another user's, or another kind of authenticator)", async () => {
      const { authsignal, service } = aService();
      await expect(service.remove(aUser(), 'someone-elses')).rejects.toThrow(PasskeyNotFoundError);
      expect(authsignal.removePasskey).not.toHaveBeenCalled();
    });

    it('needs a recent sign-in', async () => {
      const { authsignal, service } = aService();
      await expect(service.remove(aUser(nowSeconds() - 3600), 'pk-1')).rejects.toThrow(ReauthenticationRequiredError);
      expect(authsignal.passkeys).not.toHaveBeenCalled();
      expect(authsignal.removePasskey).not.toHaveBeenCalled();
    });
  });

  it('lists the passkeys of any signed-in user, recent or not', async () => {
    const { service } = aService();
    await expect(service.list(aUser(nowSeconds() - 86_400))).resolves.toEqual([laptop]);
  });

  it('uses the configured window for recency and re-authentication', () => {
    const { service } = aService();
    expect(service.recentSignInSeconds).toBe(300);
    expect(service.mayChangePasskeys(aUser(nowSeconds() - 299))).toBe(true);
    expect(service.mayChangePasskeys(aUser(nowSeconds() - 400))).toBe(false);
  });

  it.each([
    ['a password alone', 'urn:nest-identity:acr:password', false],
    ['no acr at all', undefined, false],
    ['a second factor', 'urn:nest-identity:acr:mfa', true],
    ['a passkey', 'urn:nest-identity:acr:passkey', true],
  ])('lets a recent sign-in with %s change passkeys: %s', async (_case, acr, allowed) => {
    const { service } = aService();
    expect(service.mayChangePasskeys(aUser(nowSeconds() - 10, { acr }))).toBe(allowed);
    if (!allowed) await expect(service.enrolmentToken(aUser(nowSeconds() - 10, { acr }), {})).rejects.toThrow(ReauthenticationRequiredError);
    expect(service.requiredAcr).toEqual(['urn:nest-identity:acr:mfa', 'urn:nest-identity:acr:passkey']);
  });
});
