import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MetricsServer } from '../src/common/metrics/metrics-server.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { type AppRoute, expressRoutes, fillPath, providerRoutes } from './support/app-routes.js';
import { type FullStack, PASSWORD_ONLY_STACK, startFullStack } from './support/full-stack.js';
import { HttpBrowser, inputValue } from './support/http-browser.js';
import { TEST_CLIENT_SECRET } from './support/identity-server.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';

/**
 * Property: no request, however malformed, gets a 5xx or an error without a well-formed body (a JSON
 * object with `error`, or an HTML page with a heading) from any route of the three apps. Requests are
 * generated with NUL and lone surrogates, invalid percent-encoding, wrong types, deep nesting, huge
 * values, unknown ids, foreign cookies, with and without a real signed-in context so that handlers
 * past the guards are reached too.
 *
 * Bounded: FUZZ_RUNS requests per app (default 600). The seed is fixed in CI (FUZZ_SEED, default
 * below) and random elsewhere; fast-check prints it, with the failing request, on failure.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.CI ? 20_261_202 : Date.now() % 2 ** 31));
const REQUEST_TIMEOUT_MS = 10_000;
const METRICS_TOKEN = 'fuzz-metrics-token-0123456789abcdef-012';

const FIELD_NAMES = [
  'username', 'password', '_csrf', 'token', 'returnTo', 'notice', 'reauthenticated', 'client_id', 'redirect_uri', 'grant_type',
  'code', 'refresh_token', 'state', 'nonce', 'scope', 'response_type', 'code_challenge', 'code_challenge_method', 'login_hint',
  'ui_locales', 'acr_values', 'max_age', 'prompt', 'post_logout_redirect_uri', 'id_token_hint', 'xsrf', 'logout', 'userId',
  'action', 'email', 'verificationCode', 'idempotencyKey', 'attributes', 'redirectUrl', 'credential', 'challengeId', 'state',
  'identifier', 'sent',
];

/** Ordinary text with a NUL or a lone surrogate somewhere in it: what PostgreSQL and UTF-8 encoders refuse. */
const poisonedText = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udbff'), fc.string({ maxLength: 12 }))
  .map(([before, poison, after]) => `${before}${poison}${after}`);

/** Text a careless or hostile client sends: any UTF-16 unit (NUL, lone surrogates, controls), tricks, and sizes past the limits. */
const nastyText = fc.oneof(
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 16 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udc00x', 'ok\ud83d', '%00', '%ED%A0%80', '../../etc/passwd', '<script>x</script>', "' OR 1=1 --", '__proto__', 'constructor', ''),
  },
  { weight: 3, arbitrary: poisonedText },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 70_000 }).map((length) => 'x'.repeat(length)) },
);
const fieldName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: nastyText.filter((name) => name.length < 64) });
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 3 }),
  ),
})).value;

type Body =
  | { kind: 'none' }
  | { kind: 'form'; fields: Record<string, string>; rawSuffix: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string; bytes: Uint8Array };

const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant<Body>({ kind: 'none' }),
  fc.record({ kind: fc.constant('form' as const), fields: fc.dictionary(fieldName, nastyText, { maxKeys: 5 }), rawSuffix: fc.constantFrom('', '&x=%FF', '&x=%ED%A0%80', '&%00=1', '&a[b][c]=1', '&username=a&username=b', '&=&&=') }),
  fc.record({ kind: fc.constant('json' as const), value: fc.oneof(jsonValue, fc.dictionary(fieldName, jsonValue, { maxKeys: 5 })) }),
  fc.integer({ min: 10, max: 6_000 }).map<Body>((depth) => ({ kind: 'raw', contentType: 'application/json', bytes: Buffer.from(`{"token":${'['.repeat(depth)}1${']'.repeat(depth)}}`) })),
  fc.constantFrom<Body>(
    { kind: 'raw', contentType: 'application/json', bytes: Buffer.from('{"username": "al') },
    { kind: 'raw', contentType: 'application/json', bytes: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
    { kind: 'raw', contentType: 'application/x-www-form-urlencoded', bytes: Buffer.from([0x75, 0x3d, 0xc3, 0x28]) },
    { kind: 'raw', contentType: 'application/x-www-form-urlencoded; charset=latin1', bytes: Buffer.from('username=alice') },
    { kind: 'raw', contentType: 'text/plain', bytes: Buffer.from('username=al\u0000ice') },
    { kind: 'raw', contentType: 'multipart/form-data; boundary=x', bytes: Buffer.from('--x\r\n\r\n--x--') },
  ),
);

interface FuzzRequest {
  route: AppRoute;
  pathValues: string[];
  query: Record<string, string>;
  querySuffix: string;
  body: Body;
  cookies: Record<string, string>;
  useContext: boolean;
  /** With a valid request as the context: which of its fields gets `targetValue` instead. */
  target: number;
  targetValue: string;
  accept: string | undefined;
  origin: string | undefined;
}

const requestFor = (routes: AppRoute[], cookieNames: string[]): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    route: fc.constantFrom(...routes),
    pathValues: fc.array(nastyText.filter((value) => value.length < 2_000), { minLength: 3, maxLength: 3 }),
    query: fc.dictionary(fieldName, nastyText.filter((value) => value.length < 3_000), { maxKeys: 4 }),
    querySuffix: fc.constantFrom('', '&x=%FF', '&y=%ED%A0%80', '&%00', '&a[b]=1&a[c][d]=2', '&scope=openid&scope=openid'),
    body,
    cookies: fc.dictionary(fc.constantFrom(...cookieNames), nastyText.filter((value) => value.length < 2_000), { maxKeys: 3 }),
    useContext: fc.boolean(),
    target: fc.nat(),
    targetValue: fc.oneof({ weight: 3, arbitrary: poisonedText }, { weight: 1, arbitrary: nastyText.filter((value) => value.length < 3_000) }),
    accept: fc.constantFrom(undefined, 'text/html', 'application/json', '*/*'),
    origin: fc.constantFrom(undefined, 'http://evil.example', 'null'),
  });

/** Percent-encoding that, unlike `encodeURIComponent`, also sends lone surrogates (as the CESU-8 bytes a careless client would). */
function percentEncode(text: string): string {
  let encoded = '';
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    const pairs = unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
    if (pairs) {
      encoded += encodeURIComponent(text.slice(index, index + 2));
      index++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      encoded += encodeURIComponent(text[index]);
    }
  }
  return encoded;
}

const formOf = (fields: Record<string, string>) => Object.entries(fields).map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');

/** A real context on one app: cookies of a signed-in (or signing-in) browser, its CSRF token, and the ids in its URLs. */
interface Context {
  cookies: Record<string, string>;
  csrf?: string;
  pathValue?: string;
  authorization?: string;
  /** Fields of a valid request to this route, which the generated ones override one by one: reaches past the first check. */
  fields?: Record<string, string>;
}

async function send(origin: string, request: FuzzRequest, context: Context | undefined) {
  let index = 0;
  const path = fillPath(request.route.path, () => (context?.pathValue && request.useContext ? context.pathValue : percentEncode(request.pathValues[index++ % 3] || 'x')));
  const isGet = request.route.method === 'GET';
  const valid = { ...(request.useContext ? context?.fields : {}) };
  const names = Object.keys(valid);
  if (names.length > 0) valid[names[request.target % names.length]] = request.targetValue;
  const query = formOf(isGet ? { ...valid, ...request.query } : request.query) + request.querySuffix;
  const cookies = { ...request.cookies, ...(request.useContext ? context?.cookies : {}) };
  const headers: Record<string, string> = {
    cookie: Object.entries(cookies).map(([name, value]) => `${name}=${percentEncode(value)}`).join('; '),
    ...(request.accept ? { accept: request.accept } : {}),
    ...(request.origin ? { origin: request.origin } : {}),
    ...(request.useContext && context?.authorization ? { authorization: context.authorization } : {}),
  };
  const csrf: Record<string, string> = { ...(isGet ? {} : valid), ...(request.useContext && context?.csrf ? { _csrf: context.csrf } : {}) };
  let payload: string | Blob | undefined;
  const withBody = request.route.method !== 'GET' && request.route.method !== 'HEAD';
  if (withBody && request.body.kind === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = formOf({ ...csrf, ...request.body.fields, ...(context?.csrf && request.useContext ? { _csrf: context.csrf } : {}) }) + request.body.rawSuffix;
  } else if (withBody && request.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    const value = request.body.value;
    payload = JSON.stringify(typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...csrf, ...value } : value) ?? 'null';
  } else if (withBody && request.body.kind === 'raw') {
    headers['content-type'] = request.body.contentType;
    payload = new Blob([new Uint8Array(request.body.bytes)]);
  }
  const url = `${origin}${path}${query ? `?${query}` : ''}`;
  const response = await fetch(url, { method: request.route.method, headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { url, response, text: await response.text() };
}

/** Why a response breaks the property, or null. */
function problemWith(response: Response, text: string): string | null {
  if (response.status >= 500) return `status ${response.status}`;
  if (response.status < 400) return null;
  // Node's HTTP parser answers these itself, before any app code, with no body to speak of.
  if (response.status === 431 || response.status === 414) return null;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      return typeof parsed.error === 'string' ? null : 'a JSON error body without `error`';
    } catch {
      return 'an error body that is not JSON';
    }
  }
  if (type.includes('text/html')) return /<h1[\s>]/.test(text) ? null : 'an HTML error page without a heading';
  return `an error answered as ${type || 'no content type'}`;
}

async function checkApp(origin: string, routes: AppRoute[], cookieNames: string[], context: (route: AppRoute) => Promise<Context | undefined>): Promise<void> {
  expect(routes.length).toBeGreaterThan(3);
  await fc.assert(
    fc.asyncProperty(requestFor(routes, cookieNames), async (request) => {
      const { url, response, text } = await send(origin, request, request.useContext ? await context(request.route) : undefined);
      const problem = problemWith(response, text);
      if (problem) throw new Error(`${request.route.method} ${url.slice(0, 300)} → ${problem}: ${text.slice(0, 300)}`);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
}

describe(`Route fuzzing: no 5xx and a well-formed error body (seed ${SEED}, ${RUNS} runs per app)`, () => {
  let stack: FullStack;
  let rp: RelyingParty;

  beforeAll(async () => {
    stack = await startFullStack({
      ...PASSWORD_ONLY_STACK,
      identityServerEnv: { ...PASSWORD_ONLY_STACK.identityServerEnv, METRICS_PORT: '0', METRICS_TOKEN },
      clientAppEnv: { ...PASSWORD_ONLY_STACK.clientAppEnv, CLIENT_APP_METRICS_PORT: '0' },
    });
    rp = await RelyingParty.discover(stack.idp.issuer, `${stack.clientUrl}/callback`);
  });
  afterAll(() => stack?.stop());

  const cookieHeaderOf = (browser: HttpBrowser) => Object.fromEntries(browser.allCookies().map((cookie) => [cookie.name, cookie.value]));

  it('identity server: its own routes and the provider’s', async () => {
    const routes = [...expressRoutes(stack.idp.app), ...(await providerRoutes(stack.idp.issuer))];
    // A fresh sign-in in progress: its interaction cookies, CSRF token and uid reach the handlers past the guards.
    const interaction = async (): Promise<Context> => {
      const browser = new HttpBrowser();
      const page = await browser.get((await rp.authorization()).url);
      return { cookies: cookieHeaderOf(browser), csrf: inputValue(page.body, '_csrf'), pathValue: new URL(page.url).pathname.split('/')[2] };
    };
    // A sign-in that asked for an email code (for bob, or for nobody): its binding reaches the code checks past the browser check.
    let codeRequests = 0;
    const emailCodeAsked = async (route: AppRoute): Promise<Context> => {
      const browser = new HttpBrowser();
      const loginPage = await browser.get((await rp.authorization()).url);
      const identifier = codeRequests++ % 2 === 0 ? 'bob' : `nobody-${codeRequests}`;
      const page = await browser.postForm(`${loginPage.url}/email-code`, { identifier, _csrf: inputValue(loginPage.body, '_csrf')! });
      const fields: Record<string, string> = route.path.endsWith('/verify') ? { code: '123456' } : route.method === 'POST' && route.path.endsWith('/email-code') ? { identifier } : {};
      return { cookies: cookieHeaderOf(browser), csrf: inputValue(page.body, '_csrf'), pathValue: new URL(loginPage.url).pathname.split('/')[2], fields };
    };
    const clientAuth = `Basic ${Buffer.from(`client-app:${TEST_CLIENT_SECRET}`).toString('base64')}`;
    // A valid request to each provider endpoint, so a generated parameter is checked where the provider would store or look it up.
    const validRequest = async (route: AppRoute): Promise<Context> => {
      if (route.path.includes('/email-code')) return emailCodeAsked(route);
      if (route.path.includes(':uid') || route.path.startsWith('/interaction')) return interaction();
      if (route.path === '/auth') return { cookies: {}, fields: Object.fromEntries(new URL((await rp.authorization()).url).searchParams) };
      if (route.path.startsWith('/token')) return { cookies: {}, authorization: clientAuth, fields: { grant_type: 'refresh_token', refresh_token: 'unknown', token: 'unknown' } };
      if (route.path === '/session/end') return { cookies: {}, fields: { client_id: 'client-app', post_logout_redirect_uri: `${stack.clientUrl}/`, state: 's' } };
      return { cookies: {} };
    };
    await checkApp(stack.idp.issuer, routes, ['_interaction', '_interaction.sig', '_interaction_resume', '_session', '_session.sig', 'idp.binding', 'idp.csrf'], validRequest);
  });

  it('client app', async () => {
    const browser = new HttpBrowser();
    await submitLogin(browser, await browser.get(`${stack.clientUrl}/login`), { username: 'alice', password: DEMO_PASSWORD }, 'http://unused.invalid');
    const passkeys = await browser.get(`${stack.clientUrl}/passkeys`);
    const signedIn: Context = { cookies: cookieHeaderOf(browser), csrf: /data-csrf="([^"]+)"/.exec(passkeys.body)?.[1] };
    await checkApp(stack.clientUrl, expressRoutes(stack.clientApp), ['client_app.sid', 'client_app.csrf'], async () => signedIn);
  });

  it('metrics listeners of both apps', async () => {
    // Their one route, the methods a scraper does not use, and paths beside it.
    const routes = ['/metrics', '/:anything', '/metrics/:more'].flatMap((path) => ['GET', 'POST'].map((method) => ({ method, path })));
    const scraper: Context = { cookies: {}, authorization: `Bearer ${METRICS_TOKEN}` };
    for (const server of [stack.idp.app.get(MetricsServer), stack.clientApp.get(MetricsServer)]) {
      await checkApp(new URL(server.url!).origin, routes, ['_session'], async () => scraper);
    }
  });

  it('Authsignal emulator: server API, client API, pre-built UI and console', async () => {
    const { tenant } = stack.emulator;
    const tracked = await stack.authsignal.track({ userId: 'fuzz-user', action: 'signIn', attributes: { email: 'fuzz@example.com' } });
    const serverAuth = `Basic ${Buffer.from(`${tenant.apiSecretKey}:`).toString('base64')}`;
    // Half the contexts speak as the server (secret key), half as the browser (a track token).
    const contexts: Context[] = [
      { cookies: {}, authorization: serverAuth, pathValue: 'fuzz-user' },
      { cookies: {}, authorization: `Bearer ${tracked.token}` },
    ];
    let turn = 0;
    await checkApp(stack.emulator.url, expressRoutes(stack.emulator.app), ['__as_aid'], async () => contexts[turn++ % 2]);
  });
});
