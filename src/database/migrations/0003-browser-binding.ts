/**
 * The digest of the browser-binding secret minted at the password step: the MFA step continues only
 * in the browser that holds the secret (see `BrowserBinding`).
 */
export const browserBinding = `
ALTER TABLE login_states ADD COLUMN browser_binding text;
`;
