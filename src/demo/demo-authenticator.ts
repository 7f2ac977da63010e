/**
 * The authenticator app the development seed enrols for `alice`, documented in the README so a person
 * can add it to their phone and tests can compute codes. A demo secret: never used in production.
 */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const DEMO_TOTP_USERNAME = 'alice';

export const demoTotpUri = (issuerLabel: string): string =>
  `otpauth://totp/${encodeURIComponent(`${issuerLabel}:${DEMO_TOTP_USERNAME}`)}?secret=${DEMO_TOTP_SECRET}&issuer=${encodeURIComponent(issuerLabel)}`;
