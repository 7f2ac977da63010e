import { userInfo } from 'node:os';
import { Registry } from 'prom-client';
import { AcceptedChallengesRepository } from '../../authsignal/accepted-challenges.repository.js';
import { createAuthsignalClient } from '../../authsignal/authsignal.client.factory.js';
import { AuthsignalService } from '../../authsignal/authsignal.service.js';
import { AuthsignalCallMetrics } from '../../common/metrics/authsignal-call-metrics.js';
import { loadConfig } from '../../config/load-config.js';
import { openDatabase } from '../../database/open-database.js';
import { PasswordHasher } from '../password-hasher.js';
import { InvalidUserInputError, UsernameTakenError, UserNotFoundError } from '../users.errors.js';
import { UsersRepository } from '../users.repository.js';
import { UsersService } from '../users.service.js';
import { readPassword } from './read-password.js';
import { ResetMfaIncompleteError } from './reset-mfa.js';
import { parseUsersCommand, runUsersCommand, USAGE } from './users-command.js';

/** `npm run users -- …`: the process around `runUsersCommand` (config, database, terminal). */
async function main(argv: string[]): Promise<void> {
  const parsed = parseUsersCommand(argv);
  if (parsed.help) return void console.log(USAGE);

  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    await runUsersCommand(parsed, new UsersService(new UsersRepository(db), new PasswordHasher()), {
      newPassword,
      print: (text) => console.log(text),
      table: (rows) => console.table(rows),
      // The audit line goes to stderr as JSON, like the server's logs, so it can be collected apart from the output.
      log: (entry) => console.error(JSON.stringify({ time: new Date().toISOString(), ...entry })),
      // A one-off command: its call timings go to a registry nobody scrapes.
      authenticators: () => new AuthsignalService(createAuthsignalClient(config), new AcceptedChallengesRepository(db), new AuthsignalCallMetrics(new Registry())),
      operator: operatorName(),
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

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const EXPECTED_ERRORS = [InvalidUserInputError, UsernameTakenError, UserNotFoundError, ResetMfaIncompleteError];

main(process.argv.slice(2)).catch((error: unknown) => {
  const expected = EXPECTED_ERRORS.some((type) => error instanceof type);
  console.error(expected ? (error as Error).message : error);
  process.exitCode = expected ? 1 : 2;
});
