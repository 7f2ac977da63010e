import { describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { type CompletionObserver, FrontDoor, prefersHtml, type RequestCompletion } from './front-door.js';

const HEADERS = {
  page: [['Content-Security-Policy', "default-src 'self'"], ['X-Content-Type-Options', 'nosniff']],
  data: [['Content-Security-Policy', "default-src 'none'"], ['X-Frame-Options', 'DENY']],
} as const;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const setsACookie: Handler = (_req, res) => {
  res.setHeader('Set-Cookie', 'session=abc; Path=/');
  res.statusCode = 201;
  res.end('provider');
};

/** A front door for `/provider/*` (by default, its handler sets a cookie), in front of a fallback that answers 418. */
async function serve(options: { logLines?: string[]; observer?: CompletionObserver; handle?: Handler } = {}): Promise<{ url: string; server: Server }> {
  const destination = new Writable({ write: (chunk, _encoding, done) => void (options.logLines?.push(String(chunk)), done()) });
  const frontDoor = new FrontDoor({
    route: (path) => (path.startsWith('/provider/') ? '/provider/…' : null),
    handle: options.handle ?? setsACookie,
    fallback: ((_req, res) => void res.writeHead(418).end('fallback')) as RequestListener,
    headers: HEADERS,
    secureCookies: true,
    logger: pino({ level: options.logLines ? 'info' : 'silent' }, destination),
  });
  if (options.observer) frontDoor.observe(options.observer);
  const server = createServer(frontDoor.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe(FrontDoor.name, () => {
  it("answers its routes itself, with a request id, the headers and the cookie policy", async () => {
    const { url, server } = await serve();
    const response = await fetch(`${url}/provider/token?code=secret`);
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('provider');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('set-cookie')).toBe('session=abc; Path=/; HttpOnly; SameSite=Lax; Secure');
    await close(server);
  });

  it("adds its headers as the response leaves: a handler's own choice wins, and a handler that clears its headers keeps them", async () => {
    const { url, server } = await serve({
      handle: (req, res) => {
        // What the handler sees while it runs: no copy of the front door's headers to carry per request.
        res.setHeader('X-Seen-Policy', String(res.hasHeader('content-security-policy')));
        if (req.url === '/provider/own') res.setHeader('Content-Security-Policy', "default-src 'none'");
        if (req.url === '/provider/cleared') for (const name of res.getHeaderNames()) if (name !== 'x-request-id') res.removeHeader(name);
        res.end('provider');
      },
    });
    const own = await fetch(`${url}/provider/own`);
    expect(own.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect(own.headers.get('x-seen-policy')).toBe('false');
    const cleared = await fetch(`${url}/provider/cleared`);
    expect(cleared.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(cleared.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await close(server);
  });

  it('sends the data headers on a JSON or JWT answer, the page headers on anything else', async () => {
    const { url, server } = await serve({
      handle: (req, res) => {
        const type = new URL(req.url!, 'http://x').searchParams.get('type');
        if (type) res.setHeader('Content-Type', type);
        res.end('{}');
      },
    });
    const policyFor = async (type?: string) => {
      const response = await fetch(`${url}/provider/x${type ? `?type=${encodeURIComponent(type)}` : ''}`);
      return [response.headers.get('content-security-policy'), response.headers.get('x-frame-options') ?? response.headers.get('x-content-type-options')];
    };
    const data = ["default-src 'none'", 'DENY'];
    const page = ["default-src 'self'", 'nosniff'];
    expect(await policyFor('application/json; charset=utf-8')).toEqual(data);
    expect(await policyFor('application/jwk-set+json')).toEqual(data);
    expect(await policyFor('application/jwt')).toEqual(data);
    expect(await policyFor('text/html; charset=utf-8')).toEqual(page);
    expect(await policyFor('application/jsonp')).toEqual(page);
    expect(await policyFor()).toEqual(page);
    await close(server);
  });

  it('keeps a well-formed request id from a proxy', async () => {
    const { url, server } = await serve();
    const response = await fetch(`${url}/provider/x`, { headers: { 'x-request-id': 'proxy-id-12345' } });
    expect(response.headers.get('x-request-id')).toBe('proxy-id-12345');
    await close(server);
  });

  it('hands every other request to the app untouched', async () => {
    const { url, server } = await serve();
    const response = await fetch(`${url}/interaction/abc`);
    expect(response.status).toBe(418);
    expect(response.headers.get('x-request-id')).toBeNull();
    expect(response.headers.get('content-security-policy')).toBeNull();
    await close(server);
  });

  it('tells its observers of each request it answered, by route, and of none it did not', async () => {
    const seen: RequestCompletion[] = [];
    const { url, server } = await serve({ observer: (completion) => seen.push(completion) });
    await (await fetch(`${url}/provider/a`, { method: 'POST' })).text();
    await (await fetch(`${url}/elsewhere`)).text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([{ req: expect.objectContaining({ method: 'POST', url: '/provider/a' }), route: '/provider/…', method: 'POST', status: 201, durationMs: expect.any(Number) }]);
    await close(server);
  });

  it('logs one line per request, without the query string', async () => {
    const lines: string[] = [];
    const { url, server } = await serve({ logLines: lines });
    const response = await fetch(`${url}/provider/token?code=secret`);
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ msg: 'request completed', req: { id: response.headers.get('x-request-id'), method: 'GET', path: '/provider/token' }, res: { statusCode: 201 } });
    expect(lines[0]).not.toContain('secret');
    await close(server);
  });
});

describe(prefersHtml.name, () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/html', true],
    ['text/*', true],
    ['text/html, application/json', true],
    ['application/json, text/html', false],
    ['application/json', false],
    ['*/*', false],
    ['text/html;q=0.5, application/json', false],
    ['text/html;q=0', false],
    ['', false],
  ])('%s → %s', (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });

  it('treats a missing header as an API client', () => {
    expect(prefersHtml(undefined)).toBe(false);
  });
});
