import { Agent, request } from 'node:http';

export interface HttpResponse {
  /** The URL this response answered. */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  location?: string;
}

/**
 * One virtual user: a keep-alive connection of its own (like a browser tab) and a cookie jar. Cookies are
 * kept by name only: a user runs one flow at a time, so a newer cookie of the same name is the one to send.
 * Plain node:http: the driver must cost less CPU than the servers it measures.
 */
export class VirtualUser {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly cookies = new Map<string, string>();
  /** Requests this user sent, for the bench's requests-per-operation figure (reset by the driver). */
  requestsSent = 0;

  async send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResponse> {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: 'text/html,application/json', ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    this.requestsSent++;
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port: target.port, path: `${target.pathname}${target.search}`, method: init.method ?? 'GET', headers: { host: target.host, ...headers }, agent: this.agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => {
            this.remember(incoming.headers['set-cookie']);
            const location = incoming.headers.location;
            resolve({ url, status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8'), location: location ? new URL(location, url).toString() : undefined });
          });
          incoming.on('error', reject);
        },
      );
      outgoing.setTimeout(30_000, () => outgoing.destroy(new Error(`timeout: ${init.method ?? 'GET'} ${target.pathname}`)));
      outgoing.on('error', reject);
      outgoing.end(init.body);
    });
  }

  postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpResponse> {
    return this.send(url, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  postJson(url: string, json: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    return this.send(url, { method: 'POST', body: JSON.stringify(json ?? {}), headers: { 'content-type': 'application/json', accept: 'application/json', ...headers } });
  }

  /** Follows redirects (as a GET) until one leaves for `stopAt`, and returns that last response. */
  async follow(response: HttpResponse, stopAt: string): Promise<HttpResponse> {
    let current = response;
    for (let hop = 0; hop < 10 && current.location && current.status >= 300 && current.status < 400; hop++) {
      if (current.location.startsWith(stopAt)) return current;
      current = await this.send(current.location);
    }
    return current;
  }

  forgetCookies(): void {
    this.cookies.clear();
  }

  close(): void {
    this.agent.destroy();
  }

  private remember(setCookies: string[] | undefined): void {
    for (const header of setCookies ?? []) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute) || (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) < Date.now()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1));
    }
  }
}

/** A hidden input's value in a page, as our views render it (HTML-escaped). */
export function inputValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html) ?? new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html);
  return match?.[1]?.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"');
}
