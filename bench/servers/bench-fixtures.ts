/**
 * What the bench's servers and drivers agree on: clients, users and secrets. Development-grade secrets
 * are fine here: everything listens on loopback and lives for one run.
 */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef-0123456789';

/** The relying party of the code flow (first party: no consent page), as the client app is registered. */
export const WEB_CLIENT = {
  clientId: 'client-app',
  clientSecret: 'bench-client-app-secret-0123456789abcdef',
  /** Never listened on: the drivers stop at the redirect and read the code from its URL. */
  appUrl: 'http://localhost:9',
  redirectUri: 'http://localhost:9/callback',
  scope: 'openid profile email offline_access',
} as const;

/**
 * The code-flow relying party again, with ES256 ID tokens (`id_token_signed_response_alg`): the same
 * workloads with a signature that costs a small fraction of RS256's. Registered with the identity server.
 */
export const ES256_WEB_CLIENT = {
  ...WEB_CLIENT,
  clientId: 'bench-es256',
  clientSecret: 'bench-es256-secret-0123456789abcdef-0123',
  idTokenSignedResponseAlg: 'ES256',
} as const;

/** A machine client for the client_credentials grant. */
export const MACHINE_CLIENT = {
  clientId: 'bench-machine',
  clientSecret: 'bench-machine-secret-0123456789abcdef-01',
} as const;

export const BENCH_PASSWORD = 'Bench-passw0rd!';

export const AUTHSIGNAL_TENANT = { tenantId: 'bench-tenant', secretKey: 'bench-authsignal-secret-0123456789' } as const;

/** Bench users are numbered; ids are fixed so the emulator and the identity server agree without a lookup. */
export function benchUser(index: number) {
  const hex = index.toString(16).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${hex}`,
    username: `bench-${index}`,
    email: `bench-${index}@example.test`,
  };
}

/** Users 0 … PASSWORD_ONLY_USERS-1 have no second factor; TOTP and passkey users follow. */
export const USER_RANGES = {
  passwordOnly: { from: 0, count: 64 },
  totp: { from: 1_000, count: 2_000 },
  passkey: { from: 10_000, count: 64 },
} as const;

/**
 * Bench-only, and known to the bare provider alone (ours has no such user): its minimal login signs this
 * user in without checking any credential. Why: the provider-sign-in phase measures what the provider's
 * own sign-in flow (authorize → login page → POST → resume → code → token exchange with an RS256 ID
 * token) costs per core without a hash, i.e. the most any credential-less sign-in (a passkey) through
 * the same provider can reach.
 */
export const UNCHECKED_USER = {
  id: '00000000-0000-4000-8000-ffffffffffff',
  username: 'bench-no-credential-check',
  email: 'bench-no-credential-check@example.test',
} as const;
