/**
 * Signing keys get an algorithm and a life cycle, so they can be rotated while the server runs (see
 * `SigningKeysService`): published from `created_at`, signing from `activates_at`, no longer signing from
 * `retires_at`, and removed from the JWKS (and the table) at `expires_at`, once nothing it signed can
 * still be presented. The keys stored so far are all RS256 and have signed since they were created.
 */
export const signingKeyRotation = `
ALTER TABLE signing_keys ADD COLUMN alg text;
UPDATE signing_keys SET alg = 'RS256';
ALTER TABLE signing_keys ALTER COLUMN alg SET NOT NULL;
ALTER TABLE signing_keys ADD COLUMN activates_at timestamptz;
UPDATE signing_keys SET activates_at = created_at;
ALTER TABLE signing_keys ALTER COLUMN activates_at SET NOT NULL;
ALTER TABLE signing_keys ADD COLUMN retires_at timestamptz;
ALTER TABLE signing_keys ADD COLUMN expires_at timestamptz;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_life_cycle_check
  CHECK (retires_at IS NULL OR (retires_at >= activates_at AND expires_at IS NOT NULL AND expires_at >= retires_at));
`;
