import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { aUser } from '../builders/user.builder.js';
import { ChallengeRejectedError } from '../../src/authsignal/authsignal.errors.js';
import { type AcceptedChallenge, AuthsignalService, type TrackedSignIn } from '../../src/authsignal/authsignal.service.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Database } from '../../src/database/database.js';
import { configureIdentityServer } from '../../src/identity-server.js';
import { IdentityServerModule } from '../../src/identity-server.module.js';
import { MFA_POLICY, type MfaPolicy } from '../../src/mfa/mfa-policy.js';
import { type Account, USER_STORE, type UserStore } from '../../src/users/user-store.js';

/**
 * Builders for the controller specs (`src/<step>/<step>.controller.spec.ts`): the real identity
 * server module, kernel included (provider, flow, binding, guards, filters), with its ports and
 * Authsignal replaced by fakes, driven through supertest. For specs only: no module of the server imports it.
 */

/** Never listened on: supertest talks to the server directly, and the provider only builds URLs from it. */
export const TEST_ISSUER = 'http://localhost:5901';
export const CLIENT_APP_REDIRECT_URI = 'http://localhost:5002/callback';
export const TEST_AUTHSIGNAL = { apiUrl: 'http://authsignal.test/v1', tenantId: 'tenant-test' } as const;
/** Authsignal's pre-built UI for the tracked sign-in (the fake's answer unless a test says otherwise). */
export const PREBUILT_UI_URL = 'https://authsignal.test/prebuilt/?token=track-token-1&mode=challenge';

/**
 * The configuration of a server under test: test mode, silent, no demo users, fake Authsignal
 * settings. One proxy hop is trusted so that each test browser can come from an address of its own
 * (`X-Forwarded-For`, see `TestIdentityServer.browser`), and one test's throttle counts never reach another's.
 */
export const testIdentityServerConfig = (env: Record<string, string> = {}): AppConfig =>
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ISSUER: TEST_ISSUER,
    SEED_DEMO_USERS: 'false',
    TRUST_PROXY: 'true',
    AUTHSIGNAL_API_URL: TEST_AUTHSIGNAL.apiUrl,
    AUTHSIGNAL_TENANT_ID: TEST_AUTHSIGNAL.tenantId,
    AUTHSIGNAL_PREBUILT_UI_ORIGINS: new URL(PREBUILT_UI_URL).origin,
    ...env,
  });

/** An enabled account (the same person as `aUser`); override what the test is about. */
export const anAccount = (overrides: Partial<Account> = {}): Account => {
  const { id, username, displayName, email, emailVerified, enabled } = aUser();
  return { id, username, displayName, email, emailVerified, enabled, ...overrides };
};

export const PASSWORD = 'Correct-horse-battery-1';

/** An account the fake user store holds, with its password. */
export interface StoredAccount {
  account: Account;
  password: string;
}

export const aStoredAccount = (overrides: Partial<StoredAccount> = {}): StoredAccount => ({ account: anAccount(), password: PASSWORD, ...overrides });

export type FakeUserStore = { [K in keyof UserStore]-?: jest.Mock<NonNullable<UserStore[K]>> };

/** An in-memory `UserStore` keeping the port's rules: `null` for an unknown user, a wrong password and a disabled account alike. */
export function fakeUserStore(stored: StoredAccount[] = [aStoredAccount()]): FakeUserStore {
  const byUsername = (username: string) => stored.find(({ account }) => account.username === username.toLowerCase());
  return {
    findById: jest.fn<UserStore['findById']>(async (id) => stored.find(({ account }) => account.id === id)?.account ?? null),
    findByUsername: jest.fn<UserStore['findByUsername']>(async (username) => byUsername(username)?.account ?? null),
    findByEmail: jest.fn<NonNullable<UserStore['findByEmail']>>(
      async (email) => stored.find(({ account }) => account.email?.toLowerCase() === email.toLowerCase())?.account ?? null,
    ),
    verifyPassword: jest.fn<UserStore['verifyPassword']>(async (username, password) => {
      const entry = byUsername(username);
      return entry && entry.password === password && entry.account.enabled ? entry.account : null;
    }),
  };
}

export const aTrackedSignIn = (overrides: Partial<TrackedSignIn> = {}): TrackedSignIn => ({
  state: 'ALLOW',
  isEnrolled: true,
  url: PREBUILT_UI_URL,
  idempotencyKey: 'idempotency-key-1',
  ...overrides,
});

export const anAcceptedChallenge = (overrides: Partial<AcceptedChallenge> = {}): AcceptedChallenge => ({
  userId: anAccount().id,
  verificationMethod: 'AUTHENTICATOR_APP',
  ...overrides,
});

type AuthsignalPort = Pick<
  AuthsignalService,
  | 'trackSignIn'
  | 'acceptChallenge'
  | 'hasAuthenticatorApp'
  | 'enrolAuthenticatorApp'
  | 'sendEmailCode'
  | 'verifyEmailCode'
  | 'claimEmailCode'
  | 'roundTrip'
  | 'listAuthenticators'
  | 'removeAuthenticator'
>;
export type FakeAuthsignal = { [K in keyof AuthsignalPort]: jest.Mock<AuthsignalPort[K]> };

/** The challenge id the fake's email codes are sent under. */
export const EMAIL_CHALLENGE_ID = 'email-challenge-1';

/**
 * Authsignal as a fake: its rules allow every sign-in of an enrolled user (the password alone
 * finishes), and it accepts no token until a test says which. It sends email codes, of which it
 * verifies none until a test says so.
 */
export const fakeAuthsignal = (): FakeAuthsignal => ({
  trackSignIn: jest.fn<AuthsignalPort['trackSignIn']>(async () => aTrackedSignIn()),
  acceptChallenge: jest.fn<AuthsignalPort['acceptChallenge']>(async () => {
    throw new ChallengeRejectedError('no token is accepted unless the test says so');
  }),
  hasAuthenticatorApp: jest.fn<AuthsignalPort['hasAuthenticatorApp']>(async () => true),
  enrolAuthenticatorApp: jest.fn<AuthsignalPort['enrolAuthenticatorApp']>(async () => undefined),
  sendEmailCode: jest.fn<AuthsignalPort['sendEmailCode']>(async () => ({ sent: true, challengeId: EMAIL_CHALLENGE_ID })),
  verifyEmailCode: jest.fn<AuthsignalPort['verifyEmailCode']>(async () => ({ verified: false, reason: 'wrong-or-expired' })),
  claimEmailCode: jest.fn<AuthsignalPort['claimEmailCode']>(async () => 'claimed-token'),
  roundTrip: jest.fn<AuthsignalPort['roundTrip']>(async () => undefined),
  listAuthenticators: jest.fn<AuthsignalPort['listAuthenticators']>(async () => []),
  removeAuthenticator: jest.fn<AuthsignalPort['removeAuthenticator']>(async () => undefined),
});

export interface TestIdentityServerOptions {
  database: Database;
  /** Environment on top of `testIdentityServerConfig`'s. */
  env?: Record<string, string>;
  users?: FakeUserStore;
  authsignal?: FakeAuthsignal;
  /** The `MfaPolicy` port; the built-in `StandardMfaPolicy` when absent. */
  mfaPolicy?: MfaPolicy;
}

export type Browser = InstanceType<typeof request.agent>;

export interface TestIdentityServer {
  app: NestExpressApplication;
  config: AppConfig;
  users: FakeUserStore;
  authsignal: FakeAuthsignal;
  /** A browser of its own, at the issuer's host: its own cookies, and its own address (`X-Forwarded-For`) unless given one. */
  browser(address?: string): Browser;
  /** A GET from another browser that holds only `cookies` (planted there, say), at the issuer's host. */
  getWithOnly(cookies: string[], path: string): request.Test;
  close(): Promise<void>;
}

let addressCount = 0;

/** The identity server module with fakes for its user store and Authsignal (and its MFA policy, if given), initialised as `createIdentityServer` does. */
export async function startTestIdentityServer(options: TestIdentityServerOptions): Promise<TestIdentityServer> {
  const config = testIdentityServerConfig(options.env);
  const users = options.users ?? fakeUserStore();
  const authsignal = options.authsignal ?? fakeAuthsignal();
  let builder = Test.createTestingModule({ imports: [IdentityServerModule.forRoot(config, { database: options.database })] })
    .overrideProvider(USER_STORE)
    .useValue(users)
    .overrideProvider(AuthsignalService)
    .useValue(authsignal);
  if (options.mfaPolicy) builder = builder.overrideProvider(MFA_POLICY).useValue(options.mfaPolicy);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  configureIdentityServer(app, config);
  await app.init();
  return {
    app,
    config,
    users,
    authsignal,
    browser: (address = `198.51.100.${(++addressCount % 250) + 1}`) =>
      request.agent(app.getHttpServer()).set('Host', new URL(config.issuer).host).set('Accept', 'text/html').set('X-Forwarded-For', address),
    getWithOnly: (cookies, path) =>
      request(app.getHttpServer()).get(path).set('Host', new URL(config.issuer).host).set('Accept', 'text/html').set('Cookie', cookies.join('; ')),
    close: () => app.close(),
  };
}

/** Any valid PKCE S256 challenge: the specs never redeem the code. */
export const CODE_CHALLENGE = createHash('sha256').update('a code verifier the specs never send').digest('base64url');

export interface AuthorizationParams {
  client_id: string;
  redirect_uri: string;
  scope: string;
  [name: string]: string;
}

export const anAuthorizationRequest = (overrides: Partial<AuthorizationParams> = {}): AuthorizationParams => ({
  client_id: 'client-app',
  redirect_uri: CLIENT_APP_REDIRECT_URI,
  response_type: 'code',
  scope: 'openid',
  code_challenge: CODE_CHALLENGE,
  code_challenge_method: 'S256',
  state: 's',
  nonce: 'n',
  ...overrides,
});

export interface StartedSignIn {
  uid: string;
  /** The interaction's login page, as first rendered. */
  page: string;
  csrfToken: string;
  /** The provider's interaction cookies (`name=value`), as its `/auth` answer set them: what someone could plant in another browser. */
  interactionCookies: string[];
}

/** Sends `browser` to `/auth` as a client would, and opens the interaction's login page. */
export async function startSignIn(browser: Browser, params: AuthorizationParams = anAuthorizationRequest()): Promise<StartedSignIn> {
  const authorization = await browser.get('/auth').query(params).expect(303);
  const uid = /^\/interaction\/([^/?#]+)$/.exec(authorization.headers.location)?.[1];
  if (!uid) throw new Error(`/auth did not start an interaction: ${authorization.status} ${authorization.headers.location}`);
  const page = await browser.get(`/interaction/${uid}`).expect(200);
  return { uid, page: page.text, csrfToken: csrfTokenIn(page.text), interactionCookies: setCookies(authorization).map(({ name, value }) => `${name}=${value}`) };
}

/** Posts the login form of a started sign-in, as the page would. */
export const postPassword = (browser: Browser, signIn: StartedSignIn, fields: Record<string, string> = {}) =>
  browser
    .post(`/interaction/${signIn.uid}/login`)
    .type('form')
    .send({ username: anAccount().username, password: PASSWORD, _csrf: signIn.csrfToken, ...fields });

/** Where a finished interaction sends the browser: the provider's resume. */
export const resumeUrlOf = (uid: string): string => `${TEST_ISSUER}/auth/${uid}`;

/** A cookie a response set. */
export interface SetCookie {
  name: string;
  value: string;
  path?: string;
  attributes: string[];
}

export function setCookies(response: { headers: Record<string, unknown> }): SetCookie[] {
  const header = response.headers['set-cookie'];
  const lines = Array.isArray(header) ? header.map(String) : typeof header === 'string' ? [header] : [];
  return lines.map((line) => {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const path = attributes.find((attribute) => /^path=/i.test(attribute))?.slice('path='.length);
    return { name: pair.slice(0, separator), value: pair.slice(separator + 1), path, attributes };
  });
}

export const csrfTokenIn = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`No CSRF field in: ${html.slice(0, 400)}`);
  return token;
};

/** An attribute of the element with `id`, as the browser reads it (Handlebars escapes `=` and `&`). */
export function attributeOf(html: string, id: string, attribute: string): string | undefined {
  const element = new RegExp(`<[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  const value = element && new RegExp(`\\b${attribute}="([^"]*)"`).exec(element)?.[1];
  return value?.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}
