import { readFileSync } from 'node:fs';
import { projectPath } from '../../../../src/common/web/project-paths.js';

/** What Authsignal tells about a passkey's authenticator (its `webauthnCredential`). */
export interface PasskeyCredential {
  aaguid?: string;
  /** Authsignal's own name for the AAGUID, where it has one (the real service does; the emulator does not). */
  aaguidMapping?: { name?: string };
  /** The name Authsignal gave the passkey when it was registered: the browser and system it was made on. */
  name?: string;
}

/** For a passkey whose authenticator nobody can name. */
export const UNNAMED_PASSKEY = 'Passkey';

const AAGUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Authenticators that do not say what they are (attestation `none` on some platforms) send zeros. */
const ANONYMOUS_AAGUID = '00000000-0000-0000-0000-000000000000';

/** The vendored list (see README.md beside it), read once: AAGUID → provider name. */
export function loadAuthenticatorNames(file = projectPath('client-app', 'src', 'passkeys', 'authenticator-names', 'aaguids.json')): ReadonlyMap<string, string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file}: expected an object of AAGUID → name`);
  const names = new Map<string, string>();
  for (const [aaguid, name] of Object.entries(parsed)) {
    if (!AAGUID_PATTERN.test(aaguid) || typeof name !== 'string' || name.trim() === '') throw new Error(`${file}: bad entry ${JSON.stringify(aaguid)}`);
    names.set(aaguid, name.trim());
  }
  return names;
}

/**
 * A passkey's name as people know where it lives: Authsignal's name for its AAGUID, else the vendored
 * community list’s ("Google Password Manager", "Apple Passwords"); an authenticator that neither knows
 * (or that does not say) is a "Passkey", with where it was made when Authsignal recorded that.
 */
export function passkeyName(credential: PasskeyCredential | undefined, names: ReadonlyMap<string, string>): string {
  const mapped = credential?.aaguidMapping?.name?.trim();
  if (mapped) return mapped;
  const aaguid = credential?.aaguid?.toLowerCase();
  const listed = aaguid && aaguid !== ANONYMOUS_AAGUID ? names.get(aaguid) : undefined;
  if (listed) return listed;
  const madeOn = credential?.name?.trim();
  return madeOn && madeOn !== UNNAMED_PASSKEY ? `${UNNAMED_PASSKEY} (${madeOn})` : UNNAMED_PASSKEY;
}
