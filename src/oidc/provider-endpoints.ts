import type Provider from 'oidc-provider';
import { getInProcess } from './in-process-get.js';

/** The paths oidc-provider answers, so the HTTP server can hand them to it before anything else runs. */
export interface ProviderEndpoints {
  /**
   * The provider's route for a request path (`/token`, `/auth/…` for the paths below an endpoint), or
   * null when the path is not the provider's. Case-insensitive, as the provider's router is.
   */
  routeOf(path: string): string | null;
  /** The sign-out confirmation, the provider's one form post: it gets the origin check of ours. */
  endSessionConfirmPath: string;
}

/** The provider publishes its discovery documents here (both OAuth's and OpenID's); nothing else of ours lives under it. */
const WELL_KNOWN = '/.well-known/';

/**
 * The provider's endpoints, from its own discovery document, asked of the provider in-process at start
 * (no socket): whatever the configuration enables (introspection, registration, …) or moves (the
 * `routes` setting) is included without a list kept here. The paths below an endpoint are the
 * provider's too (`/auth/:uid`, `/session/end/confirm`, `/token/revocation`).
 */
export async function discoverProviderEndpoints(provider: Provider): Promise<ProviderEndpoints> {
  const discoveryPath = `${WELL_KNOWN}openid-configuration`;
  const discovery = await providerGet(provider, discoveryPath);
  const endpoints = Object.entries(discovery)
    .filter(([name, value]) => (name.endsWith('_endpoint') || name === 'jwks_uri') && typeof value === 'string')
    .map(([, value]) => new URL(value as string).pathname);
  if (!endpoints.includes(provider.pathFor('token'))) throw new Error('The provider published no token endpoint in its discovery document');
  // OAuth's discovery document (RFC 8414) is registered as `discovery`; OpenID's is the one just read.
  return endpointsAt([...endpoints, discoveryPath, provider.pathFor('discovery')], provider.pathFor('end_session_confirm'));
}

/** The matcher over a set of endpoint paths (no trailing slash). */
export function endpointsAt(endpoints: string[], endSessionConfirmPath: string): ProviderEndpoints {
  const exact = new Set(endpoints.map((endpoint) => endpoint.toLowerCase()));
  // Longest first: `/token/introspection` is its own route, not one below `/token`.
  const parents = [...exact].sort((left, right) => right.length - left.length).map((endpoint) => ({ prefix: `${endpoint}/`, route: `${endpoint}/…` }));
  return {
    endSessionConfirmPath,
    routeOf(path) {
      const folded = path.toLowerCase();
      if (exact.has(folded)) return folded;
      for (const parent of parents) if (folded.startsWith(parent.prefix)) return parent.route;
      // Other well-known documents: the provider answers them (a 404 of its own), and the route stays bounded.
      return folded.startsWith(WELL_KNOWN) ? `${WELL_KNOWN}…` : null;
    },
  };
}

/** A document the provider answers, read in-process (no socket). */
async function providerGet(provider: Provider, path: string): Promise<Record<string, unknown>> {
  const answer = await getInProcess(provider, path);
  const body = answer.body.toString('utf8');
  if (answer.status !== 200) throw new Error(`The provider answered its own ${path} with ${answer.status}: ${body.slice(0, 200)}`);
  return JSON.parse(body) as Record<string, unknown>;
}
