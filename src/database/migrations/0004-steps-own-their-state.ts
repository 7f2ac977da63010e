/**
 * Each capability keeps its own state, and nothing references the users table (the user store is a
 * port: accounts may live elsewhere, with ids of any shape):
 * - `sign_in_progress`, the kernel's: what the steps so far proved in an interaction, and the browser
 *   binding the next step must present;
 * - `mfa_challenges`, the MFA step's: the Authsignal action tracked for an interaction.
 * Both replace `login_states` (whose `step` column was never read); rows in flight are carried over.
 */
export const stepsOwnTheirState = `
CREATE TABLE sign_in_progress (
  interaction_uid text PRIMARY KEY,
  account_id      text NOT NULL,
  amr             text[] NOT NULL,
  browser_binding text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
CREATE INDEX sign_in_progress_expires_at_idx ON sign_in_progress (expires_at);
CREATE TABLE mfa_challenges (
  interaction_uid text PRIMARY KEY,
  idempotency_key text NOT NULL,
  url             text NOT NULL,
  expires_at      timestamptz NOT NULL
);
CREATE INDEX mfa_challenges_expires_at_idx ON mfa_challenges (expires_at);
INSERT INTO sign_in_progress (interaction_uid, account_id, amr, browser_binding, created_at, expires_at)
  SELECT interaction_uid, account_id::text, amr, browser_binding, created_at, expires_at FROM login_states WHERE browser_binding IS NOT NULL;
INSERT INTO mfa_challenges (interaction_uid, idempotency_key, url, expires_at)
  SELECT interaction_uid, challenge_key, challenge_url, expires_at FROM login_states WHERE challenge_key IS NOT NULL AND challenge_url IS NOT NULL;
DROP TABLE login_states;
`;
