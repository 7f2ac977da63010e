/**
 * Users, oidc-provider artifacts, signing keys, the password step's state and rate-limit counters.
 * Every table that holds short-lived rows has `expires_at`, swept by `ExpiredRowsSweeper`.
 */
export const initialSchema = `
CREATE TABLE users (
  id            uuid PRIMARY KEY,
  username      text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
  display_name  text NOT NULL,
  email         text,
  email_verified boolean NOT NULL DEFAULT false,
  password_hash text NOT NULL,
  enabled       boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));

-- One table for every oidc-provider model; payload fields are not a closed list, so they stay JSON.
CREATE TABLE oidc_models (
  model       text NOT NULL,
  id          text NOT NULL,
  payload     jsonb NOT NULL,
  grant_id    text,
  uid         text,
  user_code   text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_models_grant_id_idx ON oidc_models (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_models_uid_idx ON oidc_models (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_models_user_code_idx ON oidc_models (model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_models_expires_at_idx ON oidc_models (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE signing_keys (
  kid        text PRIMARY KEY,
  private_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- What the password step proved about an interaction, so a later step (MFA) can finish it exactly once.
CREATE TABLE login_states (
  interaction_uid text PRIMARY KEY,
  account_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  step            text NOT NULL,
  amr             text[] NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
CREATE INDEX login_states_expires_at_idx ON login_states (expires_at);

-- Fixed-window counters shared by every instance.
CREATE TABLE rate_limit_counters (
  key        text PRIMARY KEY,
  hits       integer NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_counters_expires_at_idx ON rate_limit_counters (expires_at);
`;
