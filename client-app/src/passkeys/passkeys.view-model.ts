import type { SignedInUser } from '../auth/auth-session.js';
import type { Passkey } from './passkeys.authsignal.js';

/** One row of the passkey list. */
export interface PasskeyRow {
  name: string;
  created: DateCell;
  lastUsed: DateCell;
  /** The form that removes it: the id is Authsignal's, URL-encoded for the path. */
  removeAction: string;
}

export interface DateCell {
  /** For people: `2026-01-01 09:30 UTC`, the same for every reader whatever their locale. */
  text: string;
  /** For `<time datetime>`; absent when there is no date. */
  iso?: string;
}

/** What the page's script needs to add a passkey, rendered into `data-` attributes (the CSP forbids inline scripts). */
export interface EnrolmentModel {
  token: string;
  tenantId: string;
  baseUrl: string;
  username: string;
  displayName: string;
}

export const NEVER_USED = 'Never';
const UNKNOWN_DATE = 'Unknown';

/** Success messages the page may show, chosen by a query flag: fixed text, never the flag's value itself. */
export const PASSKEY_NOTICES: Readonly<Record<string, string>> = {
  added: 'Your passkey was added. You can now use it to sign in.',
  removed: 'The passkey was removed. It can no longer be used to sign in.',
};

export function passkeyRows(passkeys: Passkey[]): PasskeyRow[] {
  return passkeys.map((passkey) => ({
    name: passkey.name,
    created: dateCell(passkey.createdAt, UNKNOWN_DATE),
    lastUsed: dateCell(passkey.lastUsedAt, NEVER_USED),
    removeAction: `/passkeys/${encodeURIComponent(passkey.id)}/remove`,
  }));
}

export function noticeFor(flag: unknown): string | undefined {
  return typeof flag === 'string' && Object.hasOwn(PASSKEY_NOTICES, flag) ? PASSKEY_NOTICES[flag] : undefined;
}

/** The name the browser SDK registers the passkey under: what the user types at sign-in. */
export function enrolmentUsername(user: SignedInUser): string {
  const { preferred_username: username, email } = user.claims;
  return [username, email].find((value): value is string => typeof value === 'string' && value !== '') ?? user.sub;
}

function dateCell(date: Date | undefined, absent: string): DateCell {
  if (!date) return { text: absent };
  const iso = date.toISOString();
  return { text: `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`, iso };
}
