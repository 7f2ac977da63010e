import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { AuthsignalUnavailableError } from '../../authsignal/authsignal.errors.js';
import type { Authenticator } from '../../authsignal/authsignal.service.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { PasswordHasher } from '../password-hasher.js';
import { InvalidUserInputError, UsernameTakenError, UserNotFoundError } from '../users.errors.js';
import { UsersRepository } from '../users.repository.js';
import { UsersService } from '../users.service.js';
import { type AuthenticatorAdmin, ResetMfaIncompleteError } from './reset-mfa.js';
import { parseUsersCommand, runUsersCommand, type UsersCommandIo } from './users-command.js';

/** Authsignal's authenticators of each user, in memory. */
function fakeAuthenticators() {
  const held = new Map<string, Authenticator[]>();
  const admin = {
    listAuthenticators: jest.fn<AuthenticatorAdmin['listAuthenticators']>(async (userId) => [...(held.get(userId) ?? [])]),
    removeAuthenticator: jest.fn<AuthenticatorAdmin['removeAuthenticator']>(async (userId, id) => {
      held.set(userId, (held.get(userId) ?? []).filter((authenticator) => authenticator.id !== id));
    }),
  };
  return { held, admin };
}

describe(runUsersCommand.name, () => {
  let testDb: TestDatabase;
  let users: UsersService;
  const printed: string[] = [];
  const tables: object[][] = [];
  const logged: Record<string, unknown>[] = [];
  let authsignal: ReturnType<typeof fakeAuthenticators>;
  const io = (password = 'Long-enough-1'): UsersCommandIo => ({
    newPassword: async () => password,
    print: (text) => printed.push(text),
    table: (rows) => tables.push(rows),
    log: (entry) => logged.push(entry),
    authenticators: () => authsignal.admin,
    operator: 'ops-person',
  });
  beforeEach(() => {
    authsignal = fakeAuthenticators();
  });
  const run = (argv: string[], password?: string) => {
    const parsed = parseUsersCommand(argv);
    if (parsed.help) throw new Error('expected a command');
    return runUsersCommand(parsed, users, io(password));
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    users = new UsersService(new UsersRepository(testDb.db), new PasswordHasher());
  });
  afterAll(() => testDb.close());

  it('adds a user whose password then signs in, and lists it', async () => {
    await run(['add', 'carol', '--name', 'Carol Example', '--email', 'carol@example.com']);
    expect(printed.at(-1)).toMatch(/^Created carol \(subject [0-9a-f-]{36}\)$/);
    expect(await users.verifyCredentials('CAROL', 'Long-enough-1')).toMatchObject({ displayName: 'Carol Example' });
    await run(['list']);
    expect(tables.at(-1)).toEqual([expect.objectContaining({ username: 'carol', email: 'carol@example.com', enabled: true })]);
  });

  it('disables and re-enables sign-in', async () => {
    await run(['disable', 'carol']);
    expect(await users.verifyCredentials('carol', 'Long-enough-1')).toBeNull();
    await run(['enable', 'carol']);
    expect(await users.verifyCredentials('carol', 'Long-enough-1')).not.toBeNull();
  });

  it('resets a password', async () => {
    await run(['set-password', 'carol'], 'Another-long-2');
    expect(await users.verifyCredentials('carol', 'Long-enough-1')).toBeNull();
    expect(await users.verifyCredentials('carol', 'Another-long-2')).not.toBeNull();
  });

  it('reports a taken username, an unknown user, a short password and an unknown command', async () => {
    await expect(run(['add', 'Carol'])).rejects.toThrow(UsernameTakenError);
    await expect(run(['disable', 'nobody'])).rejects.toThrow(UserNotFoundError);
    await expect(run(['add', 'dave'], 'short')).rejects.toThrow(InvalidUserInputError);
    await expect(run(['rename', 'carol'])).rejects.toThrow(/Unknown command "rename"/);
  });

  it('marks the address verified only when told, and only with an address', async () => {
    await run(['add', 'erin', '--email', 'erin@example.com', '--email-verified']);
    expect(await users.findByUsername('erin')).toMatchObject({ email: 'erin@example.com', emailVerified: true });
    await run(['add', 'frank', '--email', 'frank@example.com']);
    expect(await users.findByUsername('frank')).toMatchObject({ emailVerified: false });
    await expect(run(['add', 'gina', '--email-verified'])).rejects.toThrow(/--email-verified needs --email/);
  });

  describe('reset-mfa', () => {
    const authenticator = (id: string, method: string, label?: string): Authenticator => ({ id, method, label, createdAt: '2026-03-04T05:06:07.000Z' });

    it('removes every authenticator the user has at Authsignal, says which, and logs who did it', async () => {
      const carol = (await users.findByUsername('carol'))!;
      authsignal.held.set(carol.id, [authenticator('a1', 'AUTHENTICATOR_APP'), authenticator('a2', 'PASSKEY', 'iCloud Keychain'), authenticator('a3', 'EMAIL_OTP', 'carol@example.com')]);

      await run(['reset-mfa', 'Carol']);

      expect(authsignal.held.get(carol.id)).toEqual([]);
      expect(printed.at(-1)).toBe(
        [
          'Removed 3 authenticator(s) of carol at Authsignal:',
          '  - authenticator app added 2026-03-04',
          '  - passkey (iCloud Keychain) added 2026-03-04',
          '  - email code (carol@example.com) added 2026-03-04',
          "carol's next sign-in with a password sets up a new second factor.",
        ].join('\n'),
      );
      expect(logged.at(-1)).toMatchObject({ event: 'users.reset_mfa', outcome: 'done', sub: carol.id, username: 'carol', operator: 'ops-person' });
      expect(logged.at(-1)?.removed).toHaveLength(3);
    });

    it('says so when there is nothing to remove', async () => {
      await run(['reset-mfa', 'carol']);
      expect(printed.at(-1)).toBe('carol has no authenticators at Authsignal: nothing to remove.');
    });

    it('reports an unknown user without asking Authsignal', async () => {
      await expect(run(['reset-mfa', 'nobody'])).rejects.toThrow(UserNotFoundError);
      expect(authsignal.admin.listAuthenticators).not.toHaveBeenCalled();
    });

    it('says what was removed before Authsignal stopped answering, and logs it', async () => {
      const carol = (await users.findByUsername('carol'))!;
      authsignal.held.set(carol.id, [authenticator('a1', 'AUTHENTICATOR_APP'), authenticator('a2', 'EMAIL_OTP')]);
      authsignal.admin.removeAuthenticator.mockImplementationOnce(async () => undefined).mockRejectedValueOnce(new AuthsignalUnavailableError('deleteAuthenticator'));

      const failure = await run(['reset-mfa', 'carol']).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ResetMfaIncompleteError);
      expect((failure as Error).message).toMatch(/^Authsignal could not be reached or refused the request \(Authsignal is unavailable \(deleteAuthenticator\)\); 1 of 2 authenticator\(s\) were removed\. Check AUTHSIGNAL_API_URL/);
      expect(logged.at(-1)).toMatchObject({ event: 'users.reset_mfa', outcome: 'incomplete', sub: carol.id });
    });

    it('says nothing was removed when Authsignal cannot be reached at all', async () => {
      authsignal.admin.listAuthenticators.mockRejectedValueOnce(new AuthsignalUnavailableError('getAuthenticators'));
      await expect(run(['reset-mfa', 'carol'])).rejects.toThrow(/; nothing was removed\./);
    });
  });

  it('asks for a username where one is needed and shows help without a command', () => {
    expect(() => parseUsersCommand(['disable'])).toThrow(/needs a username/);
    expect(parseUsersCommand([])).toEqual({ help: true });
    expect(parseUsersCommand(['--help'])).toEqual({ help: true });
  });
});
