/**
 * The email-code step's own state: per interaction, the identifier as typed (for the throttle and a new
 * code), the account and Authsignal challenge a code was sent for (both null when nobody was sent one:
 * an unknown identifier looks the same to the browser), the tries at the code, and the digest of the
 * browser binding that may type the code. `code_expires_at` is the code's; the row lives as long as the
 * interaction, so an expired code can be replaced. Also an index for the user store's lookup by email.
 */
export const emailCodeChallenges = `
CREATE TABLE email_code_challenges (
  interaction_uid text PRIMARY KEY,
  identifier      text NOT NULL,
  account_id      text,
  challenge_id    text,
  code_expires_at timestamptz NOT NULL,
  tries     integer NOT NULL DEFAULT 0,
  browser_binding text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
CREATE INDEX email_code_challenges_expires_at_idx ON email_code_challenges (expires_at);
CREATE INDEX users_email_lower_idx ON users (lower(email)) WHERE email IS NOT NULL;
`;
