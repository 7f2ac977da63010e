import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { z } from 'zod';

/**
 * How a client of the clients file authenticates at the token, introspection and revocation endpoints. The
 * provider advertises exactly these in discovery, so every method it names can be registered.
 */
export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

const SECRET_METHODS = new Set<ClientAuthMethod>(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);
/** JWK members that only a private or symmetric key has: a clients file publishes public keys only. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MAX_KEYS = 20;

/** A JWK that Node can read as a public key, with nothing private in it. */
const publicJwk = z
  .record(z.string(), z.unknown())
  .superRefine((jwk, ctx) => {
    const privateMembers = PRIVATE_MEMBERS.filter((member) => member in jwk);
    if (privateMembers.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must be a public key (it has the private member ${privateMembers.join(', ')})` });
      return;
    }
    if (!['RSA', 'EC', 'OKP'].includes(jwk.kty as string)) {
      ctx.addIssue({ code: 'custom', message: 'kty must be RSA, EC or OKP' });
      return;
    }
    try {
      createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a usable public key (${(error as Error).message})` });
    }
  });

/** `jwks` of a `private_key_jwt` client: `{ "keys": [ …public JWKs… ] }`. */
export const publicKeySet = z.object({ keys: z.array(publicJwk).min(1, { error: 'needs at least one key' }).max(MAX_KEYS) }).strict();

interface ClientAuthentication {
  token_endpoint_auth_method: ClientAuthMethod;
  client_secret?: string;
  jwks?: unknown;
  jwks_uri?: string;
}

export interface ClientProblem {
  message: string;
  path: string[];
}

/**
 * What a client's authentication settings lack or have too many of, so a mistake stops the boot with the
 * setting named instead of surfacing as `invalid_client` at the first token request.
 */
export function clientAuthenticationProblems(client: ClientAuthentication): ClientProblem[] {
  const method = client.token_endpoint_auth_method;
  const problems: ClientProblem[] = [];
  if (SECRET_METHODS.has(method) && !client.client_secret) problems.push({ message: `${method} needs a client_secret`, path: ['client_secret'] });
  if (!SECRET_METHODS.has(method) && client.client_secret) {
    problems.push({ message: `${method} does not use a client_secret: remove it`, path: ['client_secret'] });
  }
  const keySources = [client.jwks, client.jwks_uri].filter((source) => source !== undefined).length;
  if (method === 'private_key_jwt' && keySources !== 1) problems.push({ message: 'private_key_jwt needs exactly one of jwks and jwks_uri', path: ['jwks'] });
  if (method !== 'private_key_jwt' && keySources > 0) problems.push({ message: 'jwks and jwks_uri are only used with private_key_jwt', path: ['jwks'] });
  return problems;
}
