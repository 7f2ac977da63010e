import { parseArgs } from 'node:util';
import { InvalidUserInputError } from '../users.errors.js';
import type { UsersService } from '../users.service.js';
import { type AuthenticatorAdmin, resetMfa } from './reset-mfa.js';

export const USAGE = `Usage: npm run users -- <command>
  add <username> [--name "Display Name"] [--email address] [--email-verified]
                                                               create a user (password from a prompt or stdin);
                                                               --email-verified: you checked the address (email codes go only to verified ones)
  list                                                         list users
  disable <username> | enable <username>                       block or allow sign-in
  set-password <username>                                      reset a password (prompt or stdin)
  reset-mfa <username>                                         remove the user's authenticators at Authsignal (a lost phone):
                                                               the next sign-in sets up a new second factor

Uses the same database as the server (DATABASE_URL, else PGlite in PGLITE_DATA_DIR), and for reset-mfa the same
Authsignal (AUTHSIGNAL_API_URL, AUTHSIGNAL_SECRET_KEY).
With PGlite, stop the server first: one process at a time may open its data folder.`;

export interface UsersCommandIo {
  /** Asks for a new password (hidden prompt, or stdin when piped); never taken from argv. */
  newPassword(): Promise<string>;
  print(text: string): void;
  table(rows: object[]): void;
  /** One structured line for the audit trail (changes to a user's sign-in methods). */
  log(entry: Record<string, unknown>): void;
  /** Authsignal, for `reset-mfa`: made only when that command runs. */
  authenticators(): AuthenticatorAdmin;
  /** Who runs the command, for the audit trail. */
  operator: string;
}

/** Reads the command line: help, or a command with its username and options. */
export function parseUsersCommand(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, email: { type: 'string' }, 'email-verified': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, username] = positionals;
  if (values.help || !command) return { help: true as const };
  if (command !== 'list' && !username) throw new InvalidUserInputError(`"${command}" needs a username\n\n${USAGE}`);
  return { help: false as const, command, username, name: values.name, email: values.email, emailVerified: values['email-verified'] ?? false };
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
      if (parsed.emailVerified && !parsed.email) throw new InvalidUserInputError('--email-verified needs --email');
      const user = await users.create({ username, displayName: parsed.name, email: parsed.email, emailVerified: parsed.emailVerified, password: await io.newPassword() });
      return io.print(`Created ${user.username} (subject ${user.id})`);
    }
    case 'list':
      return io.table(
        (await users.list()).map(({ id, username: name, displayName, email, emailVerified, enabled }) => ({ username: name, displayName, email, emailVerified, enabled, subject: id })),
      );
    case 'disable':
    case 'enable':
      await users.setEnabled(username, command === 'enable');
      return io.print(`${command === 'enable' ? 'Enabled' : 'Disabled'} ${username}`);
    case 'set-password':
      await users.setPassword(username, await io.newPassword());
      return io.print(`Password changed for ${username}`);
    case 'reset-mfa':
      return resetMfa(username, users, io.authenticators(), io, io.operator);
    default:
      throw new InvalidUserInputError(`Unknown command "${command}"\n\n${USAGE}`);
  }
}
