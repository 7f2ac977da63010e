import { InvalidUserInputError } from './users.errors.js';

/** NIST SP 800-63B: length is what matters; long passphrases must not be truncated or refused. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Counts code points, not UTF-16 units, so an emoji is one character as a person sees it. */
export function assertAcceptablePassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new InvalidUserInputError(`Passwords must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
}
