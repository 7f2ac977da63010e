import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { hash, verify } from '@node-rs/argon2';
import Provider from 'oidc-provider';
import { ARGON2_PARAMETERS } from '../../src/users/password-hasher.js';
import { childConfig, processUsage, serveParent } from '../lib/child-process.js';
import { cpuProfilerHandlers } from '../lib/profiler.js';
import { DEFAULT_DATABASE_POOL_SIZE } from '../../src/config/app-config.js';
import { bareProviderConfiguration, bareUsers } from './bare-configuration.js';
import { pgliteStorage, postgresStorage } from './sql-adapter.js';
import { BENCH_PASSWORD, UNCHECKED_USER } from './bench-fixtures.js';

export interface BareProviderChildConfig {
  port: number;
  /** Its storage in PostgreSQL at this URL, or in PGlite (`sql-adapter.ts`), instead of memory. */
  database?: { url: string } | 'pglite';
}

/**
 * The baseline: oidc-provider of the same version on Node's http server, configured like ours (RS256,
 * PKCE S256, rotation, the same clients, scopes, claims and TTLs) with an in-memory adapter and a
 * minimal login that checks the same argon2id hash, so a sign-in ratio measures our layers, not the hash
 * (except for the bench-only `UNCHECKED_USER`, signed in with no check: the provider's flow without a hash).
 */
async function main(): Promise<void> {
  const { port, database } = childConfig<BareProviderChildConfig>();
  const issuer = `http://localhost:${port}`;
  const passwordHash = await hash(BENCH_PASSWORD.normalize('NFKC'), ARGON2_PARAMETERS);
  // On PostgreSQL, as many connections as our server's pool has by default.
  const storage = database === 'pglite' ? await pgliteStorage() : database ? await postgresStorage(database.url, DEFAULT_DATABASE_POOL_SIZE) : undefined;
  const provider = new Provider(issuer, bareProviderConfiguration(storage?.Adapter));
  const callback = provider.callback();

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (!path.startsWith('/interaction/')) return void callback(req, res);
    minimalLogin(provider, req, res, path, async (username, password) => {
      // Bench-only: the provider-sign-in phase measures the flow without any hash (see UNCHECKED_USER).
      if (username === UNCHECKED_USER.username) return UNCHECKED_USER.id;
      const user = bareUsers.get(username);
      return user && (await verify(passwordHash, password.normalize('NFKC'))) ? user.id : undefined;
    }).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  serveParent({ issuer, database: storage?.kind ?? 'memory' }, { usage: () => processUsage(), ...cpuProfilerHandlers() }, async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve(undefined)));
    await storage?.close();
  });
}

/** The least a login needs: a page with a form, and a POST that checks the password and finishes the interaction. */
async function minimalLogin(provider: Provider, req: IncomingMessage, res: ServerResponse, path: string, check: (username: string, password: string) => Promise<string | undefined>) {
  if (req.method === 'GET') {
    const { uid } = await provider.interactionDetails(req, res);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<form method="post" action="/interaction/${uid}/login"><input name="username"><input name="password" type="password"><button>Sign in</button></form>`);
    return;
  }
  if (req.method === 'POST' && path.endsWith('/login')) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const accountId = await check(form.get('username') ?? '', form.get('password') ?? '');
    if (!accountId) {
      res.statusCode = 401;
      res.end('wrong credentials');
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  res.statusCode = 404;
  res.end();
}

main().catch((error: unknown) => {
  console.error('bare oidc-provider (bench) failed to start:', error);
  process.exit(1);
});
