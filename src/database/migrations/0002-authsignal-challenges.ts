/**
 * MFA through Authsignal: the action tracked for an interaction (so its callback accepts only that
 * action's token), and every challenge already accepted (so no token signs anyone in twice, across
 * restarts and instances).
 */
export const authsignalChallenges = `
ALTER TABLE login_states ADD COLUMN challenge_key text;
ALTER TABLE login_states ADD COLUMN challenge_url text;

-- The user is Authsignal's id as the token names it (text, not our uuid): recorded before anyone checks it exists here.
CREATE TABLE accepted_challenges (
  idempotency_key text PRIMARY KEY,
  account_id      text NOT NULL,
  accepted_at     timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
CREATE INDEX accepted_challenges_expires_at_idx ON accepted_challenges (expires_at);
`;
