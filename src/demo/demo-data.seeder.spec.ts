import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { aUser } from '../../test/builders/user.builder.js';
import { AuthsignalUnavailableError } from '../authsignal/authsignal.errors.js';
import type { AuthsignalService } from '../authsignal/authsignal.service.js';
import { loadConfig } from '../config/load-config.js';
import type { NewUser, User } from '../users/user.js';
import { InvalidUserInputError, UsernameTakenError } from '../users/users.errors.js';
import type { UsersService } from '../users/users.service.js';
import { DatabaseUserStore } from '../users/database-user-store.js';
import type { UserStore } from '../users/user-store.js';
import { DEMO_TOTP_SECRET } from './demo-authenticator.js';
import { DemoDataSeeder } from './demo-data.seeder.js';

const ALICE = aUser({ id: '2d1e8c4a-7b3f-4a6e-9d5c-8f0a1b2c3d4e', username: 'alice', displayName: 'Alice Example' });

describe(DemoDataSeeder.name, () => {
  let users: { create: jest.Mock<(input: NewUser) => Promise<User>>; findByUsername: jest.Mock<(username: string) => Promise<User | null>> };
  let authsignal: {
    hasAuthenticatorApp: jest.Mock<AuthsignalService['hasAuthenticatorApp']>;
    enrolAuthenticatorApp: jest.Mock<AuthsignalService['enrolAuthenticatorApp']>;
  };
  let warn: jest.SpiedFunction<Logger['warn']>;

  const seederWith = (env: Record<string, string>, userStore: UserStore = new DatabaseUserStore(users as unknown as UsersService)) =>
    new DemoDataSeeder(
      loadConfig({ NODE_ENV: 'test', ISSUER: 'https://id.example.test:8443', ...env }),
      users as unknown as UsersService,
      authsignal as unknown as AuthsignalService,
      userStore,
    );
  const seeding = () => seederWith({ SEED_DEMO_USERS: 'true' });

  beforeEach(() => {
    users = {
      create: jest.fn(async (input: NewUser) => aUser({ username: input.username })),
      findByUsername: jest.fn(async (username: string) => (username === 'alice' ? ALICE : null)),
    };
    authsignal = {
      hasAuthenticatorApp: jest.fn<AuthsignalService['hasAuthenticatorApp']>(async () => false),
      enrolAuthenticatorApp: jest.fn<AuthsignalService['enrolAuthenticatorApp']>(async () => undefined),
    };
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('does nothing unless demo users are asked for', async () => {
    await seederWith({ SEED_DEMO_USERS: 'false' }).onApplicationBootstrap();
    await seederWith({}).onApplicationBootstrap();
    expect(users.create).not.toHaveBeenCalled();
    expect(users.findByUsername).not.toHaveBeenCalled();
    expect(authsignal.hasAuthenticatorApp).not.toHaveBeenCalled();
    expect(authsignal.enrolAuthenticatorApp).not.toHaveBeenCalled();
  });

  it("creates the demo users and enrols alice's authenticator app for the issuer's host", async () => {
    await seeding().onApplicationBootstrap();
    expect(users.create.mock.calls.map(([input]) => input.username)).toEqual(['alice', 'bob']);
    expect(authsignal.hasAuthenticatorApp).toHaveBeenCalledWith(ALICE.id);
    expect(authsignal.enrolAuthenticatorApp).toHaveBeenCalledWith(
      ALICE.id,
      `otpauth://totp/id.example.test%3A8443%3Aalice?secret=${DEMO_TOTP_SECRET}&issuer=id.example.test%3A8443`,
    );
  });

  it('leaves accounts that already exist alone and carries on', async () => {
    users.create.mockImplementation(async (input) => {
      throw new UsernameTakenError(input.username);
    });
    await expect(seeding().onApplicationBootstrap()).resolves.toBeUndefined();
    expect(users.create).toHaveBeenCalledTimes(2);
    expect(authsignal.hasAuthenticatorApp).toHaveBeenCalledWith(ALICE.id);
  });

  it('stops on any other failure to create a user', async () => {
    users.create.mockRejectedValueOnce(new InvalidUserInputError('That email address is not valid'));
    await expect(seeding().onApplicationBootstrap()).rejects.toThrow(InvalidUserInputError);
  });

  it('leaves an authenticator app alice already has alone', async () => {
    authsignal.hasAuthenticatorApp.mockResolvedValueOnce(true);
    await seeding().onApplicationBootstrap();
    expect(authsignal.enrolAuthenticatorApp).not.toHaveBeenCalled();
  });

  it('enrols nothing when alice does not exist', async () => {
    users.findByUsername.mockResolvedValue(null);
    await seeding().onApplicationBootstrap();
    expect(authsignal.hasAuthenticatorApp).not.toHaveBeenCalled();
    expect(authsignal.enrolAuthenticatorApp).not.toHaveBeenCalled();
  });

  it.each([
    ['the authenticator lookup', 'hasAuthenticatorApp' as const],
    ['the enrolment', 'enrolAuthenticatorApp' as const],
  ])('logs a failure of %s instead of stopping the server', async (_case, method) => {
    authsignal[method].mockRejectedValueOnce(new AuthsignalUnavailableError(method));
    await expect(seeding().onApplicationBootstrap()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`Authsignal is unavailable (${method})`));
  });

  it('makes no demo users, and enrols nothing, when a user store of the team’s own is in use', async () => {
    const teamStore: UserStore = { findById: async () => null, findByUsername: async () => null, verifyPassword: async () => null };
    await seederWith({ SEED_DEMO_USERS: 'true' }, teamStore).onApplicationBootstrap();
    expect(users.create).not.toHaveBeenCalled();
    expect(authsignal.enrolAuthenticatorApp).not.toHaveBeenCalled();
  });
});
