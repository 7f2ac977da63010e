import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { aUser } from '../../test/builders/user.builder.js';
import { AuthsignalUnavailableError, ChallengeRejectedError } from '../authsignal/authsignal.errors.js';
import type { AuthsignalService } from '../authsignal/authsignal.service.js';
import { loadConfig } from '../config/load-config.js';
import { PasswordHasher } from '../users/password-hasher.js';
import type { User } from '../users/user.js';
import type { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { DatabaseUserStore } from '../users/database-user-store.js';
import { PasskeySignInService } from './passkey-sign-in.service.js';

const ENABLED = aUser();
const DISABLED = aUser({ id: '0b7f3d2c-5a41-4e8b-9c6d-1e2f3a4b5c6d', username: 'dave', enabled: false });

describe(PasskeySignInService.name, () => {
  let acceptChallenge: jest.Mock<AuthsignalService['acceptChallenge']>;
  let findById: jest.Mock<(id: string) => Promise<User | null>>;

  const serviceWith = (env: Record<string, string> = {}) => {
    // The real default user store over a fake repository, so its refusal of non-UUID ids is part of the test.
    const users = new DatabaseUserStore(new UsersService({ findById } as unknown as UsersRepository, new PasswordHasher()));
    return new PasskeySignInService(loadConfig({ NODE_ENV: 'test', ...env }), { acceptChallenge } as unknown as AuthsignalService, users);
  };

  beforeEach(() => {
    acceptChallenge = jest.fn<AuthsignalService['acceptChallenge']>(async () => ({ userId: ENABLED.id, verificationMethod: 'PASSKEY' }));
    findById = jest.fn(async (id: string) => [ENABLED, DISABLED].find((user) => user.id === id) ?? null);
  });

  describe('complete', () => {
    it('signs in the enabled user the token names, with the passkey context', async () => {
      await expect(serviceWith().complete('the-token')).resolves.toMatchObject({ id: ENABLED.id, username: ENABLED.username, enabled: true });
    });

    it('expects the configured passkey action, for no user named in advance', async () => {
      await serviceWith({ AUTHSIGNAL_PASSKEY_ACTION: 'custom-passkey' }).complete('the-token');
      expect(acceptChallenge).toHaveBeenCalledWith('the-token', { actionCode: 'custom-passkey', verificationMethod: 'PASSKEY' });
    });

    it.each([
      ['a disabled user', DISABLED.id, /disabled/],
      ['a user unknown here', '11111111-2222-4333-8444-555555555555', /does not exist/],
      ['a user id that is not a UUID', 'authsignal-user-7', /does not exist/],
    ])('refuses %s', async (_case, userId, reason) => {
      acceptChallenge.mockResolvedValueOnce({ userId, verificationMethod: 'PASSKEY' });
      const thrown = await serviceWith().complete('the-token').catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(ChallengeRejectedError);
      expect((thrown as ChallengeRejectedError).reason).toMatch(reason);
    });

    it('does not look up anyone for a token it could not accept', async () => {
      acceptChallenge.mockRejectedValueOnce(new AuthsignalUnavailableError('validate'));
      await expect(serviceWith().complete('the-token')).rejects.toThrow(AuthsignalUnavailableError);
      expect(findById).not.toHaveBeenCalled();
    });
  });

  describe('pageSettings', () => {
    it('exposes the tenant, the API base URL and the passkey action, and never the secret key', () => {
      const settings = serviceWith({
        AUTHSIGNAL_TENANT_ID: 'tenant-7',
        AUTHSIGNAL_API_URL: 'https://api.authsignal.test/v1/',
        AUTHSIGNAL_SECRET_KEY: 'very-secret-key',
        AUTHSIGNAL_PASSKEY_ACTION: 'custom-passkey',
      }).pageSettings;
      expect(settings).toEqual({ tenantId: 'tenant-7', baseUrl: 'https://api.authsignal.test/v1', action: 'custom-passkey' });
      expect(JSON.stringify(settings)).not.toContain('very-secret-key');
    });
  });
});
