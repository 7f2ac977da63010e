/** Longer return paths are not worth the risk of hitting header size limits. */
const MAX_LENGTH = 2048;

/** Returning to these would start another sign-in (or sign-out) straight after signing in. */
const AUTH_ROUTES = ['/login', '/callback', '/logout'];

const LOCAL_ORIGIN = 'http://client-app.invalid';

/**
 * The `returnTo` of /login, accepted only as a path on this app: anything a browser could read as another origin
 * (`//evil`, `/\evil`, `https://evil`, control characters, `/.//evil` that normalises to `//evil`) is refused.
 * Returns the normalised path (with query and fragment), or undefined when the value is not acceptable.
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return undefined;
  // Browsers read a backslash as a slash and ignore tabs and newlines in URLs: refuse them rather than guess.
  if (!value.startsWith('/') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return undefined;
  if (value.startsWith('//')) return undefined;

  let url: URL;
  try {
    url = new URL(value, LOCAL_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== LOCAL_ORIGIN) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments are resolved above, so `/.//evil` has become `//evil`: check the result again.
  if (path.startsWith('//')) return undefined;
  if (AUTH_ROUTES.some((route) => url.pathname === route || url.pathname.startsWith(`${route}/`))) return undefined;
  return path;
}
