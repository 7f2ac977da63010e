import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config.js';
import { openDatabase } from '../../database/open-database.js';
import { PasswordHasher } from '../password-hasher.js';
import { InvalidUserInputError, UsernameTakenError, UserNotFoundError } from '../users.errors.js';
import { UsersRepository } from '../users.repository.js';
import { UsersService } from '../users.service.js';
import { readPassword } from './read-password.js';

const USAGE = `Usage: npm run users -- <command>
  add <username> [--name "Display Name"] [--email address]   create a user (password from a prompt or stdin)
  list                                                         list users
  disable <username> | enable <username>                       block or allow sign-in
  set-password <username>                                      reset a password (prompt or stdin)

Uses the same database as the server (DATABASE_URL, else PGlite in PGLITE_DATA_DIR).
With PGlite, stop the server first: one process at a time may open its data folder.`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, email: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, username] = positionals;
  if (values.help || !command) return void console.log(USAGE);
  if (command !== 'list' && !username) throw new InvalidUserInputError(`"${command}" needs a username\n\n${USAGE}`);

  const db = await openDatabase(loadConfig().database);
  const users = new UsersService(new UsersRepository(db), new PasswordHasher());
  try {
    switch (command) {
      case 'add': {
        const user = await users.create({ username, displayName: values.name, email: values.email, password: await newPassword() });
        console.log(`Created ${user.username} (subject ${user.id})`);
        break;
      }
      case 'list':
        console.table((await users.list()).map(({ id, username, displayName, email, enabled }) => ({ username, displayName, email, enabled, subject: id })));
        break;
      case 'disable':
      case 'enable':
        await users.setEnabled(username, command === 'enable');
        console.log(`${command === 'enable' ? 'Enabled' : 'Disabled'} ${username}`);
        break;
      case 'set-password':
        await users.setPassword(username, await newPassword());
        console.log(`Password changed for ${username}`);
        break;
      default:
        throw new InvalidUserInputError(`Unknown command "${command}"\n\n${USAGE}`);
    }
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
