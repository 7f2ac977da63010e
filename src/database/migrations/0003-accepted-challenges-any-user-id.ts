/**
 * An accepted challenge is recorded before anyone checks that its user exists here, and a passkey token
 * names whoever Authsignal knows — not always one of our UUIDs. As `uuid` the column failed such a
 * token with a database error instead of letting the passkey step refuse it.
 */
export const acceptedChallengesAnyUserId = `
ALTER TABLE accepted_challenges ALTER COLUMN account_id TYPE text;
`;
