import { PASSWORD_MAX_LENGTH } from '../users/password-policy.js';

/**
 * Every length limit on what the identity server's forms and callbacks accept, in one place, so a DTO,
 * a check and a view's `maxlength` cannot disagree. Longer input cannot be valid and is refused (400)
 * before any lookup or hashing; what is valid within them is the user store's and Authsignal's to say.
 */
export const INPUT_LIMITS = {
  /** Any user store's usernames: well beyond real ones (ours are at most 64 characters). */
  username: 256,
  /** In UTF-16 units: a code point takes at most two, and passwords are at most PASSWORD_MAX_LENGTH code points. */
  password: PASSWORD_MAX_LENGTH * 2,
  /** Our CSRF tokens (an HMAC and a random value) are under 200 characters. */
  csrfToken: 512,
  /** A token Authsignal issued: a JWT of a few hundred characters. */
  authsignalToken: 4096,
  /** What is passed on to Authsignal's rules and our logs. */
  userAgent: 512,
  /** A one-time code as typed (an email code is 6 digits; room for spaces and dashes). */
  oneTimeCode: 32,
} as const;
