import { AuthsignalUnavailableError } from '../../authsignal/authsignal.errors.js';
import type { Authenticator, AuthsignalService } from '../../authsignal/authsignal.service.js';
import { UserNotFoundError } from '../users.errors.js';
import type { UsersService } from '../users.service.js';

/** What `reset-mfa` uses of Authsignal. */
export type AuthenticatorAdmin = Pick<AuthsignalService, 'listAuthenticators' | 'removeAuthenticator'>;

export interface ResetMfaIo {
  print(text: string): void;
  /** One structured line for the audit trail (who, whose, what was removed). */
  log(entry: Record<string, unknown>): void;
}

/** Authsignal could not finish the reset: says what was removed before it stopped answering. */
export class ResetMfaIncompleteError extends Error {
  constructor(username: string, removed: Authenticator[], total: number, cause: AuthsignalUnavailableError) {
    const done = removed.length === 0 ? 'nothing was removed' : `${removed.length} of ${total} authenticator(s) were removed`;
    super(`Authsignal could not be reached or refused the request (${cause.message}); ${done}. Check AUTHSIGNAL_API_URL and AUTHSIGNAL_SECRET_KEY, then run reset-mfa ${username} again.`, { cause });
  }
}

const METHOD_NAMES: Record<string, string> = {
  AUTHENTICATOR_APP: 'authenticator app',
  EMAIL_OTP: 'email code',
  SMS: 'SMS code',
  PASSKEY: 'passkey',
  SECURITY_KEY: 'security key',
};

/**
 * For a user who lost their second factor: removes every authenticator Authsignal holds for them
 * (authenticator apps, email and SMS codes, passkeys), so that their next password sign-in enrols a new
 * one (with `MFA_ENROLMENT=required`) instead of asking for the lost one.
 */
export async function resetMfa(username: string, users: UsersService, authenticators: AuthenticatorAdmin, io: ResetMfaIo, operator: string): Promise<void> {
  const user = await users.findByUsername(username);
  if (!user) throw new UserNotFoundError(username);
  const removed: Authenticator[] = [];
  let found: Authenticator[] = [];
  try {
    found = await authenticators.listAuthenticators(user.id);
    for (const authenticator of found) {
      await authenticators.removeAuthenticator(user.id, authenticator.id);
      removed.push(authenticator);
    }
  } catch (error) {
    if (!(error instanceof AuthsignalUnavailableError)) throw error;
    io.log({ event: 'users.reset_mfa', outcome: 'incomplete', sub: user.id, username: user.username, operator, removed: removed.map(describe), error: error.message });
    throw new ResetMfaIncompleteError(user.username, removed, found.length, error);
  }
  io.log({ event: 'users.reset_mfa', outcome: 'done', sub: user.id, username: user.username, operator, removed: removed.map(describe) });
  if (removed.length === 0) return io.print(`${user.username} has no authenticators at Authsignal: nothing to remove.`);
  io.print(
    [
      `Removed ${removed.length} authenticator(s) of ${user.username} at Authsignal:`,
      ...removed.map((authenticator) => `  - ${describe(authenticator)}`),
      `${user.username}'s next sign-in with a password sets up a new second factor.`,
    ].join('\n'),
  );
}

function describe(authenticator: Authenticator): string {
  const method = METHOD_NAMES[authenticator.method] ?? authenticator.method;
  return [method, authenticator.label && `(${authenticator.label})`, authenticator.createdAt && `added ${authenticator.createdAt.slice(0, 10)}`].filter(Boolean).join(' ');
}
