import { Logger } from '@nestjs/common';

const logger = new Logger('OidcProvider');

/**
 * The provider's outgoing requests (a client's `jwks_uri`, its back-channel logout URI), limited to the URLs
 * the operator registered in the clients' configuration: with static clients only, those are the only ones
 * the provider has any reason to call, so anything else is refused outright.
 *
 * oidc-provider also refuses connections to loopback and private addresses, against server-side request
 * forgery through URLs that clients register themselves. Ours are the operator's, and an enterprise's
 * applications commonly live on its private network (and on loopback in development), so for a registered
 * URL that guard (the `dispatcher` it passes) is left out. The provider's timeout (`signal`) is kept.
 */
export function registeredUrlsOnly(registered: Iterable<string>) {
  const allowed = new Set([...registered].map((url) => new URL(url).href));
  return (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (!allowed.has(url.href)) {
      logger.warn({ event: 'oidc.outbound_refused', url: `${url.origin}${url.pathname}` });
      return Promise.reject(new Error(`${url.origin}${url.pathname} is not a URL registered for any client`));
    }
    const { dispatcher: _guard, ...options } = init as RequestInit & { dispatcher?: unknown };
    return fetch(url, options);
  };
}
