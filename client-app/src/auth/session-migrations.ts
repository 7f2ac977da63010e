import type { MigrationSet } from '../../../src/database/migrations.js';

/**
 * The client app's own tables, in the database `CLIENT_APP_DATABASE_URL` names (in production not the identity
 * server's: the two are separate applications). Applied at start; append, never edit a shipped one.
 */
export const CLIENT_APP_MIGRATIONS: MigrationSet = {
  ledger: 'client_app_schema_migrations',
  lockId: 8_113_702,
  migrations: [
    {
      version: 1,
      name: 'sessions-and-logout-tokens',
      sql: `
        CREATE TABLE client_app_sessions (
          id text PRIMARY KEY,
          data text NOT NULL,
          expires_at timestamptz NOT NULL,
          subject text,
          provider_session text
        );
        CREATE INDEX client_app_sessions_expires_at ON client_app_sessions (expires_at);
        CREATE INDEX client_app_sessions_subject ON client_app_sessions (subject) WHERE subject IS NOT NULL;
        CREATE INDEX client_app_sessions_provider_session ON client_app_sessions (provider_session) WHERE provider_session IS NOT NULL;
        CREATE TABLE client_app_logout_tokens (
          token_id text PRIMARY KEY,
          expires_at timestamptz NOT NULL
        );
      `,
    },
  ],
};
