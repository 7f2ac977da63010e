import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { aUser } from '../../test/builders/user.builder.js';
import { PasswordHasher } from './password-hasher.js';
import { InvalidUserInputError, UsernameTakenError, UserNotFoundError } from './users.errors.js';
import type { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

describe(UsersService.name, () => {
  let repository: jest.Mocked<Pick<UsersRepository, 'insert' | 'findWithHashByUsername' | 'findByEmail' | 'updatePasswordHash' | 'updateEnabled'>>;
  let hasher: PasswordHasher;
  let service: UsersService;

  beforeEach(() => {
    repository = {
      insert: jest.fn(async (user) => aUser({ ...user, enabled: true })),
      findWithHashByUsername: jest.fn(async () => null),
      findByEmail: jest.fn(async () => []),
      updatePasswordHash: jest.fn(async () => true),
      updateEnabled: jest.fn(async () => true),
    };
    hasher = new PasswordHasher();
    service = new UsersService(repository as unknown as UsersRepository, hasher);
  });

  describe('create', () => {
    it('stores a hash, never the password, and a fresh subject id', async () => {
      await service.create({ username: 'carol', password: 'Passw0rd!x' });
      const [user, hash] = repository.insert.mock.calls[0];
      expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(user.displayName).toBe('carol');
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(hash).not.toContain('Passw0rd!x');
    });

    it.each([
      ['a password under 8 characters', { username: 'carol', password: 'short' }],
      ['a password over 128 characters', { username: 'carol', password: 'p'.repeat(129) }],
      ['a username with spaces', { username: 'carol smith', password: 'Passw0rd!x' }],
      ['an invalid email', { username: 'carol', email: 'nope', password: 'Passw0rd!x' }],
    ])('refuses %s', async (_case, input) => {
      await expect(service.create(input)).rejects.toThrow(InvalidUserInputError);
      expect(repository.insert).not.toHaveBeenCalled();
    });

    it('reports a taken username', async () => {
      repository.insert.mockResolvedValueOnce(null);
      await expect(service.create({ username: 'Carol', password: 'Passw0rd!x' })).rejects.toThrow(UsernameTakenError);
    });
  });

  describe('verifyCredentials', () => {
    it('returns the user for the right password', async () => {
      repository.findWithHashByUsername.mockResolvedValueOnce({ user: aUser(), passwordHash: await hasher.hash('Passw0rd!x') });
      expect(await service.verifyCredentials('carol', 'Passw0rd!x')).toEqual(aUser());
    });

    it('returns null for a wrong password, an unknown user and a disabled user alike', async () => {
      const passwordHash = await hasher.hash('Passw0rd!x');
      repository.findWithHashByUsername.mockResolvedValueOnce({ user: aUser(), passwordHash });
      expect(await service.verifyCredentials('carol', 'wrong-password')).toBeNull();

      const dummy = jest.spyOn(hasher, 'verifyAgainstDummy');
      expect(await service.verifyCredentials('nobody', 'Passw0rd!x')).toBeNull();
      expect(dummy).toHaveBeenCalledTimes(1);

      repository.findWithHashByUsername.mockResolvedValueOnce({ user: aUser({ enabled: false }), passwordHash });
      expect(await service.verifyCredentials('carol', 'Passw0rd!x')).toBeNull();
    });
  });

  describe('findByEmail', () => {
    it('finds the one user with the address, and nobody when several share it', async () => {
      repository.findByEmail.mockResolvedValueOnce([aUser()]);
      await expect(service.findByEmail('Carol@Example.com')).resolves.toMatchObject({ username: 'carol' });
      repository.findByEmail.mockResolvedValueOnce([aUser(), aUser({ username: 'carol2' })]);
      await expect(service.findByEmail('carol@example.com')).resolves.toBeNull();
    });

    it('does not look up what is not an address', async () => {
      await expect(service.findByEmail('carol')).resolves.toBeNull();
      expect(repository.findByEmail).not.toHaveBeenCalled();
    });
  });

  it('reports an unknown user when changing a password or disabling', async () => {
    repository.updatePasswordHash.mockResolvedValueOnce(false);
    await expect(service.setPassword('nobody', 'Passw0rd!x')).rejects.toThrow(UserNotFoundError);
    repository.updateEnabled.mockResolvedValueOnce(false);
    await expect(service.setEnabled('nobody', false)).rejects.toThrow(UserNotFoundError);
  });
});
