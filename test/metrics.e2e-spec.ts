import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Inject, Injectable, Module } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { MetricsServer } from '../src/common/metrics/metrics-server.js';
import { DEMO_TOTP_SECRET } from '../src/demo/demo-authenticator.js';
import { METRICS_REGISTRY } from '../src/metrics/metrics.constants.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { challengeTotp, secondStepOf, trackTokenOf } from './support/authsignal-steps.js';
import { type FullStack, PASSWORD_ONLY_STACK, startFullStack } from './support/full-stack.js';
import { formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { type IdentityServerWithEmulator, startIdentityServerWithEmulator } from './support/identity-server.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './support/test-database.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef-0123456789';
const alice = { username: 'alice', password: DEMO_PASSWORD };

/** The value of one series in a Prometheus text exposition, 0 when absent (a counter not yet incremented). */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  const line = exposition
    .split('\n')
    .find((candidate) => (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) && wanted.every((pair) => candidate.includes(pair)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('metrics of both apps, on ports of their own', () => {
  let stack: FullStack;
  let idpMetrics: string;
  let clientMetrics: string;
  const scrape = async (url: string, token?: string) => {
    const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
  const idpScrape = async () => (await scrape(idpMetrics, METRICS_TOKEN)).body;

  beforeAll(async () => {
    stack = await startFullStack({
      ...PASSWORD_ONLY_STACK,
      identityServerEnv: { ...PASSWORD_ONLY_STACK.identityServerEnv, METRICS_PORT: '0', METRICS_TOKEN },
      clientAppEnv: { ...PASSWORD_ONLY_STACK.clientAppEnv, CLIENT_APP_METRICS_PORT: '0' },
    });
    idpMetrics = stack.idp.app.get(MetricsServer).url!;
    clientMetrics = stack.clientApp.get(MetricsServer).url!;
  });
  afterAll(() => stack?.stop());

  it('serves them on loopback ports apart from the apps, never on the public ones', async () => {
    expect(idpMetrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(idpMetrics).port).not.toBe(String(stack.idp.port));
    expect(new URL(clientMetrics).port).not.toBe(new URL(stack.clientUrl).port);
    expect((await fetch(`${stack.idp.issuer}/metrics`, { headers: { accept: 'application/json' } })).status).toBe(404);
    expect((await fetch(`${stack.clientUrl}/metrics`)).status).toBe(404);
  });

  it('asks for the bearer token when one is configured, in constant time, and answers only GET /metrics', async () => {
    const anonymous = await scrape(idpMetrics);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(anonymous.body).not.toContain('idp_');
    expect((await scrape(idpMetrics, 'not-the-token')).status).toBe(401);
    expect((await scrape(idpMetrics, `${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await fetch(idpMetrics, { headers: { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` } })).status).toBe(401);
    expect((await fetch(idpMetrics, { method: 'POST', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(405);
    expect((await fetch(idpMetrics.replace('/metrics', '/metrics/../admin'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);

    const scraped = await scrape(idpMetrics, METRICS_TOKEN);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scraped.headers.get('cache-control')).toBe('no-store');
    expect(scraped.body).toContain('process_cpu_user_seconds_total{app="identity-server"}');
    // The client app's figures are its own, even in one process with the identity server.
    const client = await scrape(clientMetrics);
    expect(client.status).toBe(200);
    expect(client.body).toContain('app="client-app"');
    expect(client.body).not.toContain('app="identity-server"');
  });

  it("reports each app's own database pool on PostgreSQL: the identity server's and the client app's session database", async () => {
    const expositions = [await idpScrape(), (await scrape(clientMetrics)).body];
    for (const exposition of expositions) {
      if (!testDatabaseUrl()) {
        // PGlite has one connection and no pool: nothing to report, and nothing misleading.
        expect(exposition).not.toContain('db_pool_connections{');
        continue;
      }
      // Each app opened a pool of its own on the test database (the default size, 10).
      expect(sample(exposition, 'db_pool_max_connections')).toBe(10);
      expect(sample(exposition, 'db_pool_connections', { state: 'idle' }) + sample(exposition, 'db_pool_connections', { state: 'busy' })).toBeGreaterThan(0);
    }
  });

  it('counts a sign-in through the client app in both apps: attempts, MFA decision, grant, Authsignal calls and routes', async () => {
    const before = await idpScrape();
    const clientBefore = (await scrape(clientMetrics)).body;

    const browser = new HttpBrowser();
    const loginPage = await browser.get(`${stack.clientUrl}/login`);
    const profile = await submitLogin(browser, loginPage, alice, 'http://unused.invalid');
    expect(profile.url).toBe(`${stack.clientUrl}/profile`);

    const after = await idpScrape();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('idp_sign_in_attempts_total', { method: 'password', outcome: 'success' })).toBe(1);
    expect(moved('idp_sign_ins_total', { amr: 'pwd' })).toBe(1);
    expect(moved('idp_mfa_decisions_total', { decision: 'finish', state: 'ALLOW' })).toBe(1);
    expect(moved('idp_grants_total', { grant_type: 'authorization_code', outcome: 'success' })).toBe(1);
    expect(moved('authsignal_request_duration_seconds_count', { operation: 'track', outcome: 'ok' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { route: '/interaction/:uid/login', method: 'POST', status: '303' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { route: 'oidc:authorization', method: 'GET', status: '303' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { route: 'oidc:token', method: 'POST', status: '200' })).toBe(1);
    // Never a raw path: the interaction uid is not in any label.
    expect(after).not.toMatch(/route="\/interaction\/[A-Za-z0-9_-]{10,}/);

    const clientAfter = (await scrape(clientMetrics)).body;
    expect(sample(clientAfter, 'client_app_sign_ins_total', { outcome: 'success' }) - sample(clientBefore, 'client_app_sign_ins_total', { outcome: 'success' })).toBe(1);
    expect(sample(clientAfter, 'http_request_duration_seconds_count', { route: '/callback', method: 'GET', status: '302' })).toBeGreaterThanOrEqual(1);
    expect(sample(clientAfter, 'http_request_duration_seconds_count', { route: '/profile', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it("labels the discovery document and JWKS by the provider's route, whether the provider or its published bytes answered", async () => {
    const before = await idpScrape();
    // The first requests may be the provider's own; the later ones are answered from the bytes it sent (PublishedDocuments).
    for (let round = 0; round < 3; round++) {
      expect((await fetch(`${stack.idp.issuer}/.well-known/openid-configuration`)).status).toBe(200);
      expect((await fetch(`${stack.idp.issuer}/jwks`)).status).toBe(200);
    }
    const after = await idpScrape();
    const moved = (labels: Record<string, string>) => sample(after, 'http_request_duration_seconds_count', labels) - sample(before, 'http_request_duration_seconds_count', labels);
    expect(moved({ route: 'oidc:discovery', method: 'GET', status: '200' })).toBe(3);
    expect(moved({ route: 'oidc:jwks', method: 'GET', status: '200' })).toBe(3);
    expect(moved({ route: '(static)', method: 'GET', status: '200' })).toBe(0);
  });

  it('counts refusals: a wrong password, a refused grant, an unknown page, and a callback the client app did not expect', async () => {
    const before = await idpScrape();
    const clientBefore = (await scrape(clientMetrics)).body;

    const rp = await RelyingParty.discover(stack.idp.issuer, `${stack.clientUrl}/callback`);
    const browser = new HttpBrowser();
    const wrong = await submitLogin(browser, await browser.get((await rp.authorization()).url), { username: 'alice', password: 'Wrong-password-1' }, stack.clientUrl);
    expect(wrong.status).toBe(401);
    await expect(rp.refresh('not-a-refresh-token')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await fetch(`${stack.clientUrl}/callback?code=x&state=y`)).status).toBe(400);
    await fetch(`${stack.idp.issuer}/no/such/page-${Date.now()}`);

    const after = await idpScrape();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('idp_sign_in_attempts_total', { method: 'password', outcome: 'refused' })).toBe(1);
    expect(moved('idp_grants_total', { grant_type: 'refresh_token', outcome: 'error', error: 'invalid_grant' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { route: '(unmatched)', method: 'GET', status: '404' })).toBe(1);
    expect(after).not.toContain('page-');
    const clientAfter = (await scrape(clientMetrics)).body;
    expect(sample(clientAfter, 'client_app_sign_ins_total', { outcome: 'expired' }) - sample(clientBefore, 'client_app_sign_ins_total', { outcome: 'expired' })).toBe(1);
  });
});

/** A team's own metric, as docs/operations.md shows it: a module that injects the registry. */
@Injectable()
class DeploymentInfo {
  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    new Gauge({ name: 'acme_deployment_info', help: 'The deployed version', labelNames: ['version'], registers: [registry] }).set({ version: '2026.12.1' }, 1);
  }
}

@Module({ providers: [DeploymentInfo] })
class AcmeMetricsModule {}

describe('metrics of a sign-in with a second factor, and a team’s own', () => {
  let testDb: TestDatabase;
  let server: IdentityServerWithEmulator;
  const CLIENT_URL = 'http://localhost:5991';
  const figures = () => server.idp.app.get<Registry>(METRICS_REGISTRY).metrics();

  beforeAll(async () => {
    testDb = await createTestDatabase();
    server = await startIdentityServerWithEmulator(testDb.db, { env: { CLIENT_APP_URL: CLIENT_URL, METRICS_PORT: '0' }, overrides: { imports: [AcmeMetricsModule] } });
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.close();
  });

  it('counts the MFA decision by Authsignal’s state, the second factor’s check, a replayed token, and the sign-in by its amr', async () => {
    const before = await figures();
    const rp = await RelyingParty.discover(server.idp.issuer, `${CLIENT_URL}/callback`);
    const browser = new HttpBrowser();
    const loginPage = await browser.get((await rp.authorization()).url);
    const afterPassword = await browser.postForm(
      new URL(formAction(loginPage.body, '/login')!, loginPage.url).toString(),
      { ...alice, _csrf: inputValue(loginPage.body, '_csrf')! },
      { stopAt: `${CLIENT_URL}/callback` },
    );
    const { challengeUrl, callbackUrl } = secondStepOf(loginPage.url, afterPassword);
    const token = await challengeTotp(server.emulator, trackTokenOf(challengeUrl), DEMO_TOTP_SECRET);
    const callback = `${callbackUrl}?token=${encodeURIComponent(token)}`;
    expect((await browser.get(callback, { stopAt: `${CLIENT_URL}/callback` })).url.startsWith(`${CLIENT_URL}/callback`)).toBe(true);

    const after = await figures();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('idp_mfa_decisions_total', { decision: 'challenge', state: 'CHALLENGE_REQUIRED' })).toBe(1);
    expect(moved('idp_sign_in_attempts_total', { method: 'password', outcome: 'success' })).toBe(1);
    expect(moved('idp_sign_in_attempts_total', { method: 'second_factor', outcome: 'success' })).toBe(1);
    expect(moved('idp_sign_ins_total', { amr: 'pwd+mfa+otp' })).toBe(1);
    expect(moved('authsignal_request_duration_seconds_count', { operation: 'validate', outcome: 'ok' })).toBe(1);

    // The same token again, in a new sign-in of the same browser: refused, and counted so.
    const again = await browser.get((await rp.authorization({ prompt: 'login' })).url);
    const againUid = new URL(again.url).pathname.split('/')[2];
    await browser.postForm(new URL(formAction(again.body, '/login')!, again.url).toString(), { ...alice, _csrf: inputValue(again.body, '_csrf')! }, { follow: false });
    await browser.get(`${server.idp.issuer}/interaction/${againUid}/mfa/callback?token=${encodeURIComponent(token)}`, { stopAt: `${CLIENT_URL}/callback` });
    expect(sample(await figures(), 'idp_sign_in_attempts_total', { method: 'second_factor', outcome: 'refused' }) - sample(before, 'idp_sign_in_attempts_total', { method: 'second_factor', outcome: 'refused' })).toBe(1);
  });

  it('serves a metric a team added in a module of its own beside ours', async () => {
    const scraped = await (await fetch(server.idp.app.get(MetricsServer).url!)).text();
    expect(scraped).toContain('acme_deployment_info{version="2026.12.1",app="identity-server"} 1');
    expect(scraped).toContain('idp_sign_in_attempts_total');
  });
});
