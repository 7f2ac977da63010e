import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { hash, verify } from '@node-rs/argon2';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { ARGON2_PARAMETERS } from '../../src/users/password-hasher.js';
import { childConfig, processUsage, serveParent } from '../lib/child-process.js';
import { BENCH_PASSWORD, BENCH_SECRET, benchUser, MACHINE_CLIENT, USER_RANGES, WEB_CLIENT } from './bench-fixtures.js';
import { UnboundedMemoryAdapter } from './memory-adapter.js';

export interface BareProviderChildConfig {
  port: number;
}

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/**
 * The baseline: oidc-provider of the same version on Node's http server, configured like ours (RS256,
 * PKCE S256, rotation, the same clients, scopes, claims and TTLs) with an in-memory adapter and a
 * minimal login that checks the same argon2id hash, so a sign-in ratio measures our layers, not the hash.
 */
async function main(): Promise<void> {
  const { port } = childConfig<BareProviderChildConfig>();
  const issuer = `http://localhost:${port}`;
  const passwordHash = await hash(BENCH_PASSWORD.normalize('NFKC'), ARGON2_PARAMETERS);
  const users = new Map(Array.from({ length: USER_RANGES.passwordOnly.count }, (_, index) => benchUser(USER_RANGES.passwordOnly.from + index)).map((user) => [user.username, user]));
  const usersById = new Map([...users.values()].map((user) => [user.id, user]));

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

  const configuration: Configuration = {
    adapter: UnboundedMemoryAdapter,
    clients: [
      {
        client_id: WEB_CLIENT.clientId,
        client_secret: WEB_CLIENT.clientSecret,
        redirect_uris: [WEB_CLIENT.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      { client_id: MACHINE_CLIENT.clientId, client_secret: MACHINE_CLIENT.clientSecret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
    ],
    clientDefaults: { id_token_signed_response_alg: 'RS256', grant_types: ['authorization_code'], response_types: ['code'] },
    jwks: { keys: [jwk] } as Configuration['jwks'],
    cookies: { keys: [BENCH_SECRET], long: { httpOnly: true, sameSite: 'lax', signed: true }, short: { httpOnly: true, sameSite: 'lax', signed: true } },
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
    conformIdTokenClaims: false,
    enabledJWA: { idTokenSigningAlgValues: ['RS256'], userinfoSigningAlgValues: ['RS256'] },
    features: { devInteractions: { enabled: false }, clientCredentials: { enabled: true }, revocation: { enabled: true }, userinfo: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    ttl: { AccessToken: 60 * MINUTE, AuthorizationCode: MINUTE, ClientCredentials: 10 * MINUTE, IdToken: 60 * MINUTE, Interaction: 60 * MINUTE, RefreshToken: 14 * DAY, Session: 14 * DAY, Grant: 14 * DAY },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: autoGrant,
    findAccount: async (_ctx, sub) => {
      const user = usersById.get(sub);
      if (!user) return undefined;
      return { accountId: user.id, claims: () => ({ sub: user.id, name: user.username, preferred_username: user.username, email: user.email, email_verified: true }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (!path.startsWith('/interaction/')) return void callback(req, res);
    minimalLogin(provider, req, res, path, async (username, password) => {
      const user = users.get(username);
      return user && (await verify(passwordHash, password.normalize('NFKC'))) ? user.id : undefined;
    }).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  serveParent({ issuer }, { usage: () => processUsage() }, () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
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

/** Every client here is first party: grant what was asked, as our loadExistingGrant does for first-party clients. */
async function autoGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = session.grantIdFor(client.clientId);
  const grant = (grantId ? await provider.Grant.find(grantId) : undefined) ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
  await grant.save();
  return grant;
}

main().catch((error: unknown) => {
  console.error('bare oidc-provider (bench) failed to start:', error);
  process.exit(1);
});
