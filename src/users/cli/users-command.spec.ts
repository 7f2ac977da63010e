import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { PasswordHasher } from '../password-hasher.js';
import { InvalidUserInputError, UsernameTakenError, UserNotFoundError } from '../users.errors.js';
import { UsersRepository } from '../users.repository.js';
import { UsersService } from '../users.service.js';
import { parseUsersCommand, runUsersCommand, type UsersCommandIo } from './users-command.js';

describe(runUsersCommand.name, () => {
  let testDb: TestDatabase;
  let users: UsersService;
  const printed: string[] = [];
  const tables: object[][] = [];
  const io = (password = 'Long-enough-1'): UsersCommandIo => ({
    newPassword: async () => password,
    print: (text) => printed.push(text),
    table: (rows) => tables.push(rows),
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

  it('asks for a username where one is needed and shows help without a command', () => {
    expect(() => parseUsersCommand(['disable'])).toThrow(/needs a username/);
    expect(parseUsersCommand([])).toEqual({ help: true });
    expect(parseUsersCommand(['--help'])).toEqual({ help: true });
  });
});
