import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a state-changing request comes from one of our own pages, as the browser reports it. A
 * second line behind the CSRF token: a form posted from another site (or from an opaque `null`
 * origin: a sandboxed frame, a `data:` page) is refused even when it carries a valid token.
 *
 * Both headers are set by the browser, never by a page. Each one present must say "same origin":
 * `Sec-Fetch-Site` (current browsers) must be `same-origin`, and `Origin` must be ours. `Origin: null`
 * passes only beside `Sec-Fetch-Site: same-origin`, since a browser may hide the origin of its own
 * same-origin post for privacy. A request with neither header comes from no browser (a script, a
 * test), and the CSRF token alone protects it.
 */
export function isSameOriginRequest(headers: IncomingHttpHeaders, ownOrigin: string): boolean {
  const site = headers['sec-fetch-site'];
  const origin = headers.origin;
  if (typeof site === 'string' && site !== 'same-origin') return false;
  if (typeof origin === 'string' && origin !== ownOrigin) return origin === 'null' && site === 'same-origin';
  return true;
}
