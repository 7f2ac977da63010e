import { randomBytes } from 'node:crypto';
import { freePort } from '../bench/lib/free-port.js';
import { PostgresDatabase } from '../src/database/postgres.database.js';
import { describeExit, startAppProcess } from './app-process.js';

/**
 * `node dist/scripts/production-smoke.js <postgres-url>` (CI, after `npm run build`): the identity server
 * and the client app started alone from their production entry points, as docs/operations.md runs them —
 * NODE_ENV=production, https URLs behind a proxy, PostgreSQL, fresh secrets, no emulator — must answer,
 * serve discovery and metrics, and stop cleanly on SIGTERM. Fails (exit 1) on anything else.
 */
async function main(databaseUrl: string | undefined): Promise<void> {
  if (!databaseUrl) throw new Error('Usage: production-smoke <postgres-url>');
  // A schema of its own, dropped at the end: the database may be shared (CI's test suites use it too).
  const schema = `smoke_${randomBytes(6).toString('hex')}`;
  const admin = new PostgresDatabase(databaseUrl, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  try {
    await smokeTest(withSearchPath(databaseUrl, schema));
  } finally {
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
}

function withSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function smokeTest(databaseUrl: string): Promise<void> {
  const [idpPort, metricsPort, clientPort, clientMetricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const secret = () => randomBytes(24).toString('base64url');
  const metricsToken = secret();
  const shared = { PATH: process.env.PATH, NODE_ENV: 'production', TRUST_PROXY: 'true', LOG_LEVEL: 'warn', AUTHSIGNAL_API_URL: 'https://api.authsignal.example.test/v1', AUTHSIGNAL_SECRET_KEY: secret(), AUTHSIGNAL_TENANT_ID: 'smoke-tenant' };
  const clientSecret = secret();
  const identityServer = startAppProcess(
    {
      name: 'identity-server',
      script: 'dist/src/main.js',
      readyUrl: `http://127.0.0.1:${idpPort}/ready`,
      env: {
        ...shared,
        PORT: String(idpPort),
        ISSUER: 'https://auth.example.test',
        DATABASE_URL: databaseUrl,
        COOKIE_KEYS: secret(),
        CSRF_SECRET: secret(),
        SIGNING_KEY_SECRET: secret(),
        CLIENT_APP_URL: 'https://app.example.test',
        CLIENT_APP_CLIENT_SECRET: clientSecret,
        METRICS_PORT: String(metricsPort),
        METRICS_TOKEN: metricsToken,
      },
    },
    (line) => console.log(`identity-server | ${line}`),
  );
  const clientApp = startAppProcess(
    {
      name: 'client-app',
      script: 'dist/client-app/src/main.js',
      readyUrl: `http://127.0.0.1:${clientPort}/health`,
      env: {
        ...shared,
        CLIENT_APP_PORT: String(clientPort),
        CLIENT_APP_URL: 'https://app.example.test',
        OIDC_ISSUER: 'https://auth.example.test',
        CLIENT_APP_CLIENT_SECRET: clientSecret,
        CLIENT_APP_SESSION_SECRET: secret(),
        // Required in production: the sessions every instance shares.
        CLIENT_APP_DATABASE_URL: databaseUrl,
        CLIENT_APP_METRICS_PORT: String(clientMetricsPort),
      },
    },
    (line) => console.log(`client-app | ${line}`),
  );
  try {
    await Promise.all([identityServer.ready(60_000), clientApp.ready(60_000)]);
    const discovery = (await (await fetch(`http://127.0.0.1:${idpPort}/.well-known/openid-configuration`, { headers: { 'x-forwarded-proto': 'https' } })).json()) as { issuer?: string };
    expect(discovery.issuer === 'https://auth.example.test', `discovery names the issuer (got ${discovery.issuer})`);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(metrics.status === 200 && (await metrics.text()).includes('idp_sign_in_attempts_total'), 'metrics are served with the token');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status === 401, 'metrics need the token');
    const clientMetrics = await (await fetch(`http://127.0.0.1:${clientMetricsPort}/metrics`)).text();
    expect(/^db_pool_max_connections\{app="client-app"\} [1-9]/m.test(clientMetrics), "the client app's metrics report its session database's pool");
  } finally {
    await Promise.all([identityServer.stop('SIGTERM', 10_000), clientApp.stop('SIGTERM', 10_000)]);
  }
  const exits = await Promise.all([identityServer.exited, clientApp.exited]);
  // Nest's shutdown hooks close the app, then end the process with the signal it got; SIGKILL means it hung.
  expect(exits.every(({ code, signal }) => signal === 'SIGTERM' || code === 0), `both stopped on SIGTERM (${exits.map(describeExit).join(', ')})`);
  console.log('Production entry points: both apps started alone, served, and stopped cleanly.');
}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`Production smoke test failed: ${what}`);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
