import { randomUUID } from 'node:crypto';
import type { RunningEmulator } from '../../authsignal-emulator/src/emulator.js';
import { SoftwarePasskey } from '../../bench/lib/software-authenticator.js';

/**
 * Passkeys without a browser, for e2e suites: a software authenticator (real ES256 assertions, checked
 * by the emulator with @simplewebauthn/server) and the client-API calls the browser SDK makes. The
 * browser suites do the same in Chromium with a virtual authenticator.
 */

async function postJson<T>(url: string, body: unknown, authorization: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
  const json = (await response.json()) as T & { error?: string };
  if (!response.ok || json.error) throw new Error(`${url}: ${response.status} ${JSON.stringify(json).slice(0, 200)}`);
  return json;
}

/** Registers a passkey for `userId`, as the client app's passkey page does (track `add-passkey` on the server, then the SDK's calls). */
export async function registerPasskey(emulator: RunningEmulator, userId: string, username: string, origin: string): Promise<SoftwarePasskey> {
  const serverAuth = `Basic ${Buffer.from(`${emulator.tenant.apiSecretKey}:`).toString('base64')}`;
  const { token } = await postJson<{ token: string }>(`${emulator.apiUrl}/users/${encodeURIComponent(userId)}/actions/add-passkey`, { scope: 'add:authenticators', username }, serverAuth);
  const bearer = `Bearer ${token}`;
  const { challengeId, options } = await postJson<{ challengeId: string; options: { challenge: string; rp: { id?: string }; user: { id: string } } }>(
    `${emulator.apiUrl}/client/user-authenticators/passkey/registration-options`,
    { username },
    bearer,
  );
  const passkey = new SoftwarePasskey();
  await postJson(`${emulator.apiUrl}/client/user-authenticators/passkey`, { registrationCredential: passkey.register(options, origin), challengeId }, bearer);
  return passkey;
}

/** A passkey sign-in as the login page's script runs it; returns the token the page posts to `/interaction/<uid>/passkey`. */
export async function passkeySignInToken(emulator: RunningEmulator, passkey: SoftwarePasskey, origin: string, action = 'passkey-sign-in'): Promise<string> {
  const tenantAuth = `Basic ${Buffer.from(emulator.tenant.tenantId).toString('base64')}`;
  const { challengeId } = await postJson<{ challengeId: string }>(`${emulator.apiUrl}/client/challenge`, { action }, tenantAuth);
  const { options } = await postJson<{ options: { challenge: string; rpId?: string } }>(
    `${emulator.apiUrl}/client/user-authenticators/passkey/authentication-options`,
    { challengeId },
    tenantAuth,
  );
  const verified = await postJson<{ isVerified: boolean; accessToken?: string }>(
    `${emulator.apiUrl}/client/verify/passkey`,
    { authenticationCredential: passkey.assert(options, origin), challengeId, deviceId: randomUUID() },
    tenantAuth,
  );
  if (!verified.isVerified || !verified.accessToken) throw new Error('The passkey was not verified');
  return verified.accessToken;
}
