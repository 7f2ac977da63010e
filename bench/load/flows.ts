import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SoftwarePasskey } from '../lib/software-authenticator.js';
import { totpCode } from '../lib/totp.js';
import { AUTHSIGNAL_TENANT, BENCH_PASSWORD, WEB_CLIENT } from '../servers/bench-fixtures.js';
import { type HttpResponse, inputValue, VirtualUser } from './http-client.js';

/**
 * The steps of the OIDC flows as a browser and a relying party take them, for ours and the bare provider
 * alike. Every step checks its status: a flow that does not end in tokens is an error, never a figure.
 */
export interface Target {
  issuer: string;
  /** The relying party signing in (default: `WEB_CLIENT`, RS256 ID tokens). */
  client?: WebClient;
}

/** A code-flow relying party as the servers register it. */
export interface WebClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  /** The algorithm its ID tokens must be signed with. */
  idTokenSignedResponseAlg?: string;
}

const clientOf = (target: Target): WebClient => target.client ?? WEB_CLIENT;

export interface Emulator {
  url: string;
  apiUrl: string;
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export class FlowError extends Error {}

/** Handlebars escapes `=` and `&` in attributes. */
const unescapeHtml = (text: string) => text.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

function expectStatus(response: HttpResponse, expected: number[], step: string): HttpResponse {
  if (!expected.includes(response.status)) throw new FlowError(`${step}: HTTP ${response.status} ${response.body.slice(0, 200).replace(/\s+/g, ' ')}`);
  return response;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const clientAuth = (target: Target) => basic(clientOf(target).clientId, clientOf(target).clientSecret);

/** An authorization request with PKCE S256, state and nonce, as openid-client builds it. */
export function authorizationRequest(target: Target) {
  const codeVerifier = randomBytes(32).toString('base64url');
  const url = new URL('/auth', target.issuer);
  const client = clientOf(target);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    redirect_uri: client.redirectUri,
    scope: client.scope,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(12).toString('base64url'),
    nonce: randomBytes(12).toString('base64url'),
  }).toString();
  return { url: url.toString(), codeVerifier };
}

/** The code from the final redirect to the client, or an error naming where the flow went instead. */
export function codeFrom(response: HttpResponse, step: string, target: Target): string {
  const code = response.location?.startsWith(clientOf(target).redirectUri) ? new URL(response.location).searchParams.get('code') : null;
  if (!code) throw new FlowError(`${step}: no code (HTTP ${response.status} → ${response.location ?? response.body.slice(0, 200)})`);
  return code;
}

export async function exchangeCode(user: VirtualUser, target: Target, code: string, codeVerifier: string): Promise<Tokens> {
  const response = await user.postForm(
    new URL('/token', target.issuer).toString(),
    { grant_type: 'authorization_code', code, redirect_uri: clientOf(target).redirectUri, code_verifier: codeVerifier },
    { authorization: clientAuth(target), accept: 'application/json' },
  );
  const tokens = JSON.parse(expectStatus(response, [200], 'code exchange').body) as Tokens;
  if (!tokens.id_token || !tokens.refresh_token) throw new FlowError('code exchange: no ID token or refresh token');
  expectSignedAsAgreed(tokens.id_token, target, 'code exchange');
  return tokens;
}

export async function refresh(user: VirtualUser, target: Target, refreshToken: string): Promise<Tokens> {
  const response = await user.postForm(
    new URL('/token', target.issuer).toString(),
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    { authorization: clientAuth(target), accept: 'application/json' },
  );
  const tokens = JSON.parse(expectStatus(response, [200], 'refresh').body) as Tokens;
  if (!tokens.refresh_token || tokens.refresh_token === refreshToken) throw new FlowError('refresh: the refresh token was not rotated');
  if (tokens.id_token) expectSignedAsAgreed(tokens.id_token, target, 'refresh');
  return tokens;
}

/** The ID token's header names the algorithm the client registered (RS256 unless it chose another). */
function expectSignedAsAgreed(idToken: string, target: Target, step: string): void {
  const expected = clientOf(target).idTokenSignedResponseAlg ?? 'RS256';
  const { alg } = JSON.parse(Buffer.from(idToken.split('.')[0], 'base64url').toString('utf8')) as { alg?: string };
  if (alg !== expected) throw new FlowError(`${step}: ID token signed with ${alg}, not ${expected}`);
}

/** GET /auth → the login page. Cookies start empty: every sign-in is a new browser session. */
async function openLoginPage(user: VirtualUser, target: Target) {
  user.forgetCookies();
  const request = authorizationRequest(target);
  const page = expectStatus(await user.follow(await user.send(request.url), clientOf(target).redirectUri), [200], 'login page');
  if (!/\/interaction\/[\w-]+$/.test(new URL(page.url).pathname)) throw new FlowError(`login page: landed on ${page.url}`);
  return { request, interactionUrl: page.url.split('?')[0], csrf: inputValue(page.body, '_csrf') };
}

/** authorize → login page → POST username and password → code (users without a second factor). */
export async function passwordSignIn(user: VirtualUser, target: Target, username: string): Promise<{ code: string; codeVerifier: string }> {
  const { request, interactionUrl, csrf } = await openLoginPage(user, target);
  const posted = await user.postForm(`${interactionUrl}/login`, { username, password: BENCH_PASSWORD, ...(csrf ? { _csrf: csrf } : {}) });
  const final = await user.follow(expectStatus(posted, [302, 303], 'login POST'), clientOf(target).redirectUri);
  return { code: codeFrom(final, 'password sign-in', target), codeVerifier: request.codeVerifier };
}

/** A sign-in as far as tokens: what a relying party gets from one. */
export async function passwordSignInWithTokens(user: VirtualUser, target: Target, username: string): Promise<Tokens> {
  const { code, codeVerifier } = await passwordSignIn(user, target, username);
  return exchangeCode(user, target, code, codeVerifier);
}

/**
 * Password, then the TOTP challenge completed through the emulator's client API with the track token of
 * the pre-built UI the password step redirected to (or, for a UI on an unlisted origin, that the MFA
 * page links to), then the callback → code → tokens. The pre-built UI's own page is Authsignal's to
 * serve, so it is not fetched.
 */
export async function passwordTotpSignIn(user: VirtualUser, api: VirtualUser, target: Target, emulator: Emulator, username: string, totpSecret: Buffer, timeStep: number): Promise<Tokens> {
  const { request, interactionUrl, csrf } = await openLoginPage(user, target);
  const posted = expectStatus(await user.postForm(`${interactionUrl}/login`, { username, password: BENCH_PASSWORD, _csrf: csrf ?? '' }), [302, 303], 'login POST');
  const trackToken = await trackTokenAfterPassword(user, emulator, interactionUrl, posted.location);
  const verified = expectStatus(
    await api.postJson(`${emulator.apiUrl}/client/verify/totp`, { verificationCode: totpCode(totpSecret, timeStep) }, { authorization: `Bearer ${trackToken}` }),
    [200],
    'TOTP verify',
  );
  const { isVerified, accessToken } = JSON.parse(verified.body) as { isVerified: boolean; accessToken?: string };
  if (!isVerified || !accessToken) throw new FlowError(`TOTP verify: not verified (${verified.body.slice(0, 200)})`);
  const callback = await user.send(`${interactionUrl}/mfa/callback?token=${encodeURIComponent(accessToken)}`);
  const final = await user.follow(expectStatus(callback, [302, 303], 'MFA callback'), clientOf(target).redirectUri);
  return exchangeCode(user, target, codeFrom(final, 'MFA sign-in', target), request.codeVerifier);
}

/** The track token of the pre-built UI the password step sent the browser to, directly or through the MFA page's link. */
async function trackTokenAfterPassword(user: VirtualUser, emulator: Emulator, interactionUrl: string, location: string | undefined): Promise<string> {
  let challengeUrl = location;
  if (location === `${interactionUrl}/mfa`) {
    const mfaPage = expectStatus(await user.send(location), [200], 'MFA page');
    const link = /<a[^>]*id="mfa-continue"[^>]*href="([^"]+)"/.exec(mfaPage.body)?.[1] ?? /<a[^>]*href="([^"]+)"[^>]*id="mfa-continue"/.exec(mfaPage.body)?.[1];
    challengeUrl = link && unescapeHtml(link);
  }
  const trackToken = challengeUrl?.startsWith(new URL(emulator.apiUrl).origin) ? new URL(challengeUrl).searchParams.get('token') : null;
  if (!trackToken) throw new FlowError(`login POST: expected the pre-built UI, went to ${location}`);
  return trackToken;
}

/**
 * Passkey sign-in from the login page: a named challenge and its options from the emulator (tenant id as
 * Basic auth, as the browser SDK sends it), an assertion from the software passkey, the verify call, and
 * the token posted back to the identity server → code → tokens.
 */
export async function passkeySignIn(user: VirtualUser, api: VirtualUser, target: Target, emulator: Emulator, passkey: SoftwarePasskey): Promise<Tokens> {
  const { request, interactionUrl, csrf } = await openLoginPage(user, target);
  const tenantAuth = { authorization: `Basic ${Buffer.from(AUTHSIGNAL_TENANT.tenantId).toString('base64')}` };
  const challenge = expectStatus(await api.postJson(`${emulator.apiUrl}/client/challenge`, { action: 'passkey-sign-in' }, tenantAuth), [200], 'passkey challenge');
  const { challengeId } = JSON.parse(challenge.body) as { challengeId: string };
  const optionsResponse = expectStatus(
    await api.postJson(`${emulator.apiUrl}/client/user-authenticators/passkey/authentication-options`, { challengeId }, tenantAuth),
    [200],
    'passkey options',
  );
  const { options } = JSON.parse(optionsResponse.body) as { options: { challenge: string; rpId?: string } };
  const assertion = passkey.assert(options, target.issuer);
  const verified = expectStatus(
    await api.postJson(`${emulator.apiUrl}/client/verify/passkey`, { authenticationCredential: assertion, challengeId, deviceId: randomUUID() }, tenantAuth),
    [200],
    'passkey verify',
  );
  const { isVerified, accessToken } = JSON.parse(verified.body) as { isVerified: boolean; accessToken?: string };
  if (!isVerified || !accessToken) throw new FlowError(`passkey verify: not verified (${verified.body.slice(0, 200)})`);
  const posted = expectStatus(await user.postForm(`${interactionUrl}/passkey`, { token: accessToken, _csrf: csrf ?? '' }), [302, 303], 'passkey POST');
  const final = await user.follow(posted, clientOf(target).redirectUri);
  return exchangeCode(user, target, codeFrom(final, 'passkey sign-in', target), request.codeVerifier);
}

/**
 * Registers a software passkey for a user: track `add-passkey` with the secret key (server side), then
 * registration options and the attestation through the client API with the track token.
 */
export async function registerPasskey(api: VirtualUser, emulator: Emulator, origin: string, userId: string, username: string): Promise<SoftwarePasskey> {
  const serverAuth = { authorization: `Basic ${Buffer.from(`${AUTHSIGNAL_TENANT.secretKey}:`).toString('base64')}` };
  const tracked = expectStatus(
    await api.postJson(`${emulator.apiUrl}/users/${encodeURIComponent(userId)}/actions/add-passkey`, { scope: 'add:authenticators', username }, serverAuth),
    [200],
    'track add-passkey',
  );
  const { token } = JSON.parse(tracked.body) as { token: string };
  const bearer = { authorization: `Bearer ${token}` };
  const optionsResponse = expectStatus(await api.postJson(`${emulator.apiUrl}/client/user-authenticators/passkey/registration-options`, { username }, bearer), [200], 'registration options');
  const { challengeId, options } = JSON.parse(optionsResponse.body) as { challengeId: string; options: { challenge: string; rp: { id?: string }; user: { id: string } } };
  const passkey = new SoftwarePasskey();
  expectStatus(
    await api.postJson(`${emulator.apiUrl}/client/user-authenticators/passkey`, { registrationCredential: passkey.register(options, origin), challengeId }, bearer),
    [200],
    'add passkey',
  );
  return passkey;
}

/** Enrols an authenticator app with a known secret through the server API (as an admin tool would). */
export async function enrolTotp(api: VirtualUser, emulator: Emulator, userId: string, secretBase32: string): Promise<void> {
  const serverAuth = { authorization: `Basic ${Buffer.from(`${AUTHSIGNAL_TENANT.secretKey}:`).toString('base64')}` };
  expectStatus(
    await api.postJson(
      `${emulator.apiUrl}/users/${encodeURIComponent(userId)}/authenticators`,
      { verificationMethod: 'AUTHENTICATOR_APP', otpUri: `otpauth://totp/bench:${userId}?secret=${secretBase32}&issuer=bench` },
      serverAuth,
    ),
    [200, 201],
    'enrol TOTP',
  );
}
