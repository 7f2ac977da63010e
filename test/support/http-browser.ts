/**
 * A minimal browser for e2e tests: fetch with a cookie jar and redirects followed by hand, so tests
 * can see every hop. Cookies are kept per host name and path, ignoring ports, as browsers do.
 */
export interface BrowserResponse {
  status: number;
  url: string;
  headers: Headers;
  body: string;
  /** Every URL visited, the last one included, when following redirects. */
  chain: string[];
}

export interface FollowOptions {
  follow?: boolean;
  stopAt?: string;
}

export interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
}

export class HttpBrowser {
  private cookies: StoredCookie[] = [];

  constructor(private readonly headers: Record<string, string> = {}) {}

  /** Follows redirects unless `follow` is false; stops without fetching at a URL starting with `stopAt`. */
  async get(url: string, options: FollowOptions = {}): Promise<BrowserResponse> {
    return this.request(url, { method: 'GET' }, options);
  }

  async postForm(url: string, form: Record<string, string>, options: FollowOptions = {}): Promise<BrowserResponse> {
    return this.postRaw(url, new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** Posts a body exactly as given (malformed-input tests), following redirects. */
  async postRaw(url: string, body: string, contentType: string, options: FollowOptions = {}): Promise<BrowserResponse> {
    return this.request(url, { method: 'POST', body, headers: { 'content-type': contentType } }, options);
  }

  cookie(name: string): string | undefined {
    return this.cookies.find((cookie) => cookie.name === name)?.value;
  }

  setCookie(name: string, value: string, url: string, path = '/'): void {
    this.store({ name, value, host: new URL(url).hostname, path });
  }

  /** Every cookie held, with its path: what an attacker who can read or plant cookies works with. */
  allCookies(): ReadonlyArray<Readonly<StoredCookie>> {
    return this.cookies.map((cookie) => ({ ...cookie }));
  }

  private async request(url: string, init: RequestInit, { follow = true, stopAt }: FollowOptions): Promise<BrowserResponse> {
    const chain: string[] = [];
    let current = url;
    let currentInit = init;
    for (let hop = 0; hop < 20; hop++) {
      chain.push(current);
      if (stopAt && hop > 0 && current.startsWith(stopAt)) return { status: 0, url: current, headers: new Headers(), body: '', chain };
      const response = await fetch(current, {
        ...currentInit,
        redirect: 'manual',
        headers: { accept: 'text/html', ...this.headers, ...(currentInit.headers as Record<string, string>), cookie: this.cookieHeader(current) },
      });
      this.remember(current, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (!follow || !location || response.status < 300 || response.status >= 400) {
        return { status: response.status, url: current, headers: response.headers, body: await response.text(), chain };
      }
      await response.arrayBuffer();
      current = new URL(location, current).toString();
      currentInit = { method: 'GET' };
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  private cookieHeader(url: string): string {
    const { hostname, pathname } = new URL(url);
    return this.cookies
      .filter((cookie) => cookie.host === hostname && (pathname === cookie.path || pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private remember(url: string, setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const attribute = (key: string) => attributes.find((item) => item.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
      const path = attribute('path') ?? '/';
      const expired = attribute('max-age') === '0' || (attribute('expires') && new Date(attribute('expires')!).getTime() < Date.now());
      const cookie = { name, value, host: new URL(url).hostname, path };
      if (expired) this.forget(cookie);
      else this.store(cookie);
    }
  }

  private store(cookie: StoredCookie): void {
    this.forget(cookie);
    this.cookies.push(cookie);
  }

  /** A cookie is identified by name, host and path; a new value or an expiry replaces the old one. */
  private forget(cookie: StoredCookie): void {
    this.cookies = this.cookies.filter((existing) => !(existing.name === cookie.name && existing.path === cookie.path && existing.host === cookie.host));
  }
}

/** The value of a hidden or text input in an HTML page. */
export function inputValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  return match?.[1]?.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"');
}

/** The `action` of the first form whose action contains `fragment`. */
export function formAction(html: string, fragment: string): string | undefined {
  // The form's own `action` attribute: not a `data-action` later in the same tag.
  return [...html.matchAll(/<form\b[^>]*?\saction="([^"]*)"/g)].map((match) => match[1]).find((action) => action.includes(fragment));
}
