import { parseArgs } from 'node:util';
import { InvalidUserInputError } from '../users.errors.js';
import type { UsersService } from '../users.service.js';

export const USAGE = `Usage: npm run users -- <command>
  add <username> [--name "Display Name"] [--email address]   create a user (password from a prompt or stdin)
  list                                                         list users
  disable <username> | enable <username>                       block or allow sign-in
  set-password <username>                                      reset a password (prompt or stdin)

Uses the same database as the server (DATABASE_URL, else PGlite in PGLITE_DATA_DIR).
With PGlite, stop the server first: one process at a time may open its data folder.`;

export interface UsersCommandIo {
  /** Asks for a new password (hidden prompt, or stdin when piped); never taken from argv. */
  newPassword(): Promise<string>;
  print(text: string): void;
  table(rows: object[]): void;
}

/** Reads the command line: help, or a command with its username and options. */
export function parseUsersCommand(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, email: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, username] = positionals;
  if (values.help || !command) return { help: true as const };
  if (command !== 'list' && !username) throw new InvalidUserInputError(`"${command}" needs a username\n\n${USAGE}`);
  return { help: false as const, command, username, name: values.name, email: values.email };
}

/** Carries out one parsed command; domain errors (taken username, unknown user, bad input) propagate. */
export async function runUsersCommand(
  parsed: Exclude<ReturnType<typeof parseUsersCommand>, { help: true }>,
  users: UsersService,
  io: UsersCommandIo,
): Promise<void> {
  const { command, username } = parsed;
  switch (command) {
    case 'add': {
      const user = await users.create({ username, displayName: parsed.name, email: parsed.email, password: await io.newPassword() });
      return io.print(`Created ${user.username} (subject ${user.id})`);
    }
    case 'list':
      return io.table(
        (await users.list()).map(({ id, username: name, displayName, email, enabled }) => ({ username: name, displayName, email, enabled, subject: id })),
      );
    case 'disable':
    case 'enable':
      await users.setEnabled(username, command === 'enable');
      return io.print(`${command === 'enable' ? 'Enabled' : 'Disabled'} ${username}`);
    case 'set-password':
      await users.setPassword(username, await io.newPassword());
      return io.print(`Password changed for ${username}`);
    default:
      throw new InvalidUserInputError(`Unknown command "${command}"\n\n${USAGE}`);
  }
}
