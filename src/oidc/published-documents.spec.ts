import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import { ProviderHolder } from './provider-holder.js';
import { PublishedDocuments } from './published-documents.js';

const ISSUER = 'http://localhost:5901';

/** A provider that counts the requests it serves itself. */
function countingProvider(): { provider: Provider; served: string[] } {
  const configuration: Configuration = {
    adapter: class {} as unknown as Configuration['adapter'],
    jwks: { keys: [{ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256' }] } as Configuration['jwks'],
    features: { devInteractions: { enabled: false } },
  };
  const provider = new Provider(ISSUER, configuration);
  const served: string[] = [];
  provider.use((ctx, next) => {
    served.push(ctx.url);
    return next();
  });
  return { provider, served };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve)))));

/** A server on a free loopback port whose listener first sets a request id, as the front door does. */
async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer((req, res) => {
    res.setHeader('X-Request-Id', 'front-door-id');
    listener(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A request with any Host and headers (fetch would not send another Host). */
const getFrom = (port: number, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<Answer>((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers: { host: 'localhost:5901', ...headers } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });

/** The provider behind the documents: `get` sends any Host and headers. */
async function serve(holder: ProviderHolder) {
  const documents = new PublishedDocuments(holder);
  const answeredByDocuments: string[] = [];
  const port = await listen((req, res) => {
    const route = documents.answer(req, res);
    if (route === null) return void holder.callback(req, res);
    answeredByDocuments.push(route);
  });
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => getFrom(port, path, headers, method);
  // The documents are read from the provider once, in the background, on construction.
  await waitFor(() => get('/jwks').then(() => get('/jwks')).then(() => answeredByDocuments.length > 0));
  answeredByDocuments.length = 0;
  return { get, answeredByDocuments };
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the documents were never answered');
}

/** What a client sees of an answer, less what changes per response. */
const comparable = ({ headers: { date: _date, ...headers }, ...answer }: Answer) => ({ ...answer, headers });

describe(PublishedDocuments.name, () => {
  it("answers a document the second time from the provider's own bytes and headers", async () => {
    const { provider, served } = countingProvider();
    const { get, answeredByDocuments } = await serve(new ProviderHolder(provider, 'keys-1'));
    served.length = 0;
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server', '/jwks']) {
      const first = await get(path);
      const second = await get(path);
      expect(first.status).toBe(200);
      expect(comparable(second)).toEqual(comparable(first));
      expect(second.headers['x-request-id']).toBe('front-door-id');
    }
    expect(JSON.parse((await get('/.well-known/openid-configuration')).body)).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/jwks` });
    // The provider saw each document once (learning that this Host gets it); /jwks was learned while serving.
    expect(served).toEqual(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']);
    expect(answeredByDocuments).toEqual(['discovery', 'discovery', 'jwks', 'jwks', 'discovery']);
  });

  it('leaves to the provider a host for which the provider answers differently, every time', async () => {
    const { provider, served } = countingProvider();
    const { get } = await serve(new ProviderHolder(provider, 'keys-1'));
    served.length = 0;
    for (let round = 0; round < 3; round++) {
      const answer = await get('/.well-known/openid-configuration', { host: 'elsewhere.example' });
      expect(JSON.parse(answer.body).jwks_uri).toBe('http://elsewhere.example/jwks');
    }
    expect(served).toHaveLength(3);
  });

  it('leaves to the provider what it answers per request: an Origin, a query, HEAD, OPTIONS, another spelling of the path', async () => {
    const { provider, served } = countingProvider();
    const { get } = await serve(new ProviderHolder(provider, 'keys-1'));
    await get('/jwks');
    served.length = 0;
    const fromBrowser = await get('/jwks', { origin: 'https://app.example' });
    expect(fromBrowser.headers['access-control-allow-origin']).toBe('https://app.example');
    await get('/jwks?fresh=1');
    await get('/JWKS');
    expect((await get('/jwks', {}, 'HEAD')).body).toBe('');
    expect((await get('/jwks', { origin: 'https://app.example', 'access-control-request-method': 'GET' }, 'OPTIONS')).status).toBe(204);
    expect(served).toEqual(['/jwks', '/jwks?fresh=1', '/JWKS', '/jwks', '/jwks']);
  });

  it("serves the new provider's keys once the provider is replaced", async () => {
    const first = countingProvider();
    const holder = new ProviderHolder(first.provider, 'keys-1');
    const { get } = await serve(holder);
    const before = JSON.parse((await get('/jwks')).body);
    const second = countingProvider();
    holder.replace(second.provider, 'keys-2');
    for (let round = 0; round < 3; round++) {
      const after = JSON.parse((await get('/jwks')).body);
      expect(after.keys[0].x).not.toBe(before.keys[0].x);
    }
  });

  it('learns a bounded number of addressings: made-up forwarded headers cost the shortcut, not memory', async () => {
    const { provider, served } = countingProvider();
    const { get } = await serve(new ProviderHolder(provider, 'keys-1'));
    // Without trust in a proxy the provider ignores X-Forwarded-Proto, so each value gets the same answer.
    for (let made = 0; made < 12; made++) await get('/jwks', { 'x-forwarded-proto': `made-up-${made}` });
    served.length = 0;
    for (let made = 0; made < 12; made++) await get('/jwks', { 'x-forwarded-proto': `made-up-${made}` });
    // The first request learned one addressing (no forwarded header); 7 of the made-up ones fit beside it.
    expect(served).toHaveLength(5);
  });

  it("does not learn an addressing for which a team's middleware changes the answer", async () => {
    const { provider, served } = countingProvider();
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.get('x-forwarded-host') === 'tenant.example') ctx.set('X-Tenant', 'tenant');
    });
    const { get } = await serve(new ProviderHolder(provider, 'keys-1'));
    served.length = 0;
    for (let round = 0; round < 3; round++) expect((await get('/jwks', { 'x-forwarded-host': 'tenant.example' })).headers['x-tenant']).toBe('tenant');
    expect(served).toHaveLength(3);
  });

  it.each([false, true])('answers every request as the provider alone would, whatever its Host, forwarded headers, Origin, method and path (proxy trusted: %s)', async (trustProxy) => {
    const { provider } = countingProvider();
    provider.proxy = trustProxy;
    const holder = new ProviderHolder(provider, 'keys-1');
    const { get } = await serve(holder);
    const alone = await listen((req, res) => void holder.callback(req, res));
    // Small pools, so that addressings repeat and are learned, and made-up ones fill the bound.
    const header = (values: string[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
    const requestArbitrary = fc.record({
      path: fc.constantFrom('/jwks', '/.well-known/openid-configuration', '/.well-known/oauth-authorization-server', '/jwks?x=1', '/Jwks', '/jwks/'),
      method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD'),
      host: fc.constantFrom('localhost:5901', 'localhost:5901', 'LOCALHOST:5901', 'elsewhere.example', '127.0.0.1:5901'),
      forwardedHost: header(['localhost:5901', 'tenant.example', 'a.example, b.example']),
      forwardedProto: header(['https', 'http', 'made-up']),
      origin: header(['https://app.example', 'null']),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(requestArbitrary, { minLength: 1, maxLength: 12 }), async (requests) => {
        for (const { path, method, host, forwardedHost, forwardedProto, origin } of requests) {
          const headers: Record<string, string> = { host };
          if (forwardedHost !== undefined) headers['x-forwarded-host'] = forwardedHost;
          if (forwardedProto !== undefined) headers['x-forwarded-proto'] = forwardedProto;
          if (origin !== undefined) headers.origin = origin;
          const [ours, provider] = await Promise.all([get(path, headers, method), getFrom(alone, path, headers, method)]);
          expect(comparable(ours)).toEqual(comparable(provider));
        }
      }),
      { numRuns: 60 },
    );
  });
});
