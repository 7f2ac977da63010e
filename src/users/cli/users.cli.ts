import { loadConfig } from '../../config/load-config.js';
import { openDatabase } from '../../database/open-database.js';
import { PasswordHasher } from '../password-hasher.js';
import { InvalidUserInputError, UsernameTakenError, UserNotFoundError } from '../users.errors.js';
import { UsersRepository } from '../users.repository.js';
import { UsersService } from '../users.service.js';
import { readPassword } from './read-password.js';
import { parseUsersCommand, runUsersCommand, USAGE } from './users-command.js';

/** `npm run users -- …`: the process around `runUsersCommand` (config, database, terminal). */
async function main(argv: string[]): Promise<void> {
  const parsed = parseUsersCommand(argv);
  if (parsed.help) return void console.log(USAGE);

  const db = await openDatabase(loadConfig().database);
  try {
    await runUsersCommand(parsed, new UsersService(new UsersRepository(db), new PasswordHasher()), {
      newPassword,
      print: (text) => console.log(text),
      table: (rows) => console.table(rows),
    });
  } finally {
    await db.close();
  }
}

async function newPassword(): Promise<string> {
  const password = await readPassword('Password: ');
  if (process.stdin.isTTY && (await readPassword('Repeat password: ')) !== password) {
    throw new InvalidUserInputError('The passwords do not match');
  }
  return password;
}

const EXPECTED_ERRORS = [InvalidUserInputError, UsernameTakenError, UserNotFoundError];

main(process.argv.slice(2)).catch((error: unknown) => {
  const expected = EXPECTED_ERRORS.some((type) => error instanceof type);
  console.error(expected ? (error as Error).message : error);
  process.exitCode = expected ? 1 : 2;
});
