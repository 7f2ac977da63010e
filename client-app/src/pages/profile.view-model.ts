/** One row of the profile page's claims table. */
export interface ClaimRow {
  claim: string;
  label: string;
  value: string;
}

type Format = (value: unknown) => string | undefined;

const text: Format = (value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
const list: Format = (value) => (Array.isArray(value) ? value.map(String).join(', ') : text(value));
const yesNo: Format = (value) => (typeof value === 'boolean' ? (value ? 'Yes' : 'No') : undefined);
// Seconds since the epoch, shown as an ISO date: unambiguous for every reader, whatever their locale.
const epochSeconds: Format = (value) => (typeof value === 'number' ? new Date(value * 1000).toISOString() : undefined);

/** The ID token claims the profile page shows, in this order. */
const PROFILE_CLAIMS: Array<[claim: string, label: string, format: Format]> = [
  ['sub', 'Subject', text],
  ['name', 'Name', text],
  ['preferred_username', 'Username', text],
  ['email', 'Email', text],
  ['email_verified', 'Email verified', yesNo],
  ['amr', 'Authentication methods', list],
  ['acr', 'Authentication context', text],
  ['auth_time', 'Signed in at', epochSeconds],
  ['iss', 'Issuer', text],
  ['aud', 'Audience', list],
  ['exp', 'ID token expires', epochSeconds],
];

export const NOT_PROVIDED = 'Not provided';

export function profileRows(claims: Record<string, unknown>): ClaimRow[] {
  return PROFILE_CLAIMS.map(([claim, label, format]) => ({ claim, label, value: format(claims[claim]) || NOT_PROVIDED }));
}
