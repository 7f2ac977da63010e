import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A third-party client (not first party: its users see the consent page), for suites about consent and claims. */
export const PARTNER_PORTAL = {
  client_id: 'partner-portal',
  client_name: 'Partner Portal',
  client_secret: 'partner-portal-secret-0123456789abcdef',
  redirect_uris: ['http://localhost:5996/callback'],
  grant_types: ['authorization_code'],
};

export interface ClientsFile {
  /** `{ OIDC_CLIENTS_FILE }`, to spread into an identity server's environment. */
  env: { OIDC_CLIENTS_FILE: string };
  remove(): void;
}

/** Further clients in an `OIDC_CLIENTS_FILE` of a temporary folder of their own; `remove()` it when the suite ends. */
export function clientsFile(clients: object[]): ClientsFile {
  const dir = mkdtempSync(join(tmpdir(), 'clients-'));
  const path = join(dir, 'clients.json');
  writeFileSync(path, JSON.stringify(clients));
  return { env: { OIDC_CLIENTS_FILE: path }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
