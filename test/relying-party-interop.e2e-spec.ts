import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { InMemoryWebStorage, OidcClient, type SigninResponse, WebStorageStateStore } from 'oidc-client-ts';
import { ACR } from '../src/oidc/authentication-context.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { type ClientsFile, clientsFile } from './support/clients-file.js';
import { formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { startIdentityServer, type RunningIdentityServer } from './support/identity-server.js';
import { submitLogin } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const alice = { username: 'alice', password: DEMO_PASSWORD };
const FULL_SCOPE = 'openid profile email offline_access';

/** A first-party application of the organisation, on another relying-party library, authenticating with client_secret_post. */
const INTRANET = {
  client_id: 'intranet',
  client_name: 'Intranet',
  client_secret: 'intranet-secret-0123456789abcdef0123',
  token_endpoint_auth_method: 'client_secret_post',
  redirect_uris: ['http://localhost:5981/callback'],
  post_logout_redirect_uris: ['http://localhost:5981/'],
  grant_types: ['authorization_code', 'refresh_token'],
  first_party: true,
};

/** A third party's application: its users see the consent page. */
const PARTNER = {
  client_id: 'partner-crm',
  client_name: 'Partner CRM',
  client_secret: 'partner-crm-secret-0123456789abcdef',
  token_endpoint_auth_method: 'client_secret_post',
  redirect_uris: ['http://localhost:5982/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
};

type Client = typeof INTRANET | typeof PARTNER;

/** oidc-client-ts (authts), as a server-side relying party: state in memory, the client secret in the token request's body. */
function relyingParty(issuer: string, client: Client): OidcClient {
  return new OidcClient({
    authority: issuer,
    client_id: client.client_id,
    client_secret: client.client_secret,
    client_authentication: 'client_secret_post',
    redirect_uri: client.redirect_uris[0],
    response_type: 'code',
    scope: FULL_SCOPE,
    stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    // Keep acr, amr and auth_time in the profile: the tests read them.
    filterProtocolClaims: false,
  });
}

/** The refresh the library makes, repeating a scope it chooses (by default the one it was granted). */
const refresh = (rp: OidcClient, signedIn: SigninResponse, scope = signedIn.scope) =>
  rp.useRefreshToken({
    state: { refresh_token: signedIn.refresh_token!, id_token: signedIn.id_token, session_state: signedIn.session_state, scope, profile: signedIn.profile },
  });

describe('a second relying-party library (oidc-client-ts): offline access, repeated scopes, client_secret_post, what clients may send', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let clients: ClientsFile;
  /** Every token request a relying party sent in this test, as the server received it. */
  let tokenRequests: URLSearchParams[];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    clients = clientsFile([INTRANET, PARTNER]);
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, clients.env);
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
    clients?.remove();
  });

  /** Records the token endpoint's request bodies (the libraries call the global fetch). */
  function recordTokenRequests(): void {
    tokenRequests = [];
    globalThis.fetch = (input, init) => {
      const body = init?.body;
      if (String(input instanceof Request ? input.url : input).endsWith('/token') && (typeof body === 'string' || body instanceof URLSearchParams)) tokenRequests.push(new URLSearchParams(body));
      return realFetch(input, init);
    };
  }

  /** Signs alice in through the login page; returns the browser (its session) and the library's verified response. */
  async function signIn(rp: OidcClient, client: Client, options: { prompt?: string; scope?: string; browser?: HttpBrowser; extra?: Record<string, string> } = {}) {
    const browser = options.browser ?? new HttpBrowser();
    const request = await rp.createSigninRequest({ prompt: options.prompt, scope: options.scope, extraQueryParams: options.extra });
    const redirectUri = client.redirect_uris[0];
    let page = await browser.get(request.url, { stopAt: redirectUri });
    if (!page.url.startsWith(redirectUri) && formAction(page.body, '/login')) page = await submitLogin(browser, page, alice, redirectUri);
    return { browser, page, response: page.url.startsWith(redirectUri) ? await rp.processSigninResponse(page.url) : undefined };
  }

  it('signs a first-party client in with offline_access and no consent page, and refreshes repeating the scope it asked for', async () => {
    recordTokenRequests();
    const rp = relyingParty(idp.issuer, INTRANET);
    const { response } = await signIn(rp, INTRANET);

    expect(response!.scope!.split(' ').sort()).toEqual(FULL_SCOPE.split(' ').sort());
    expect(response!.refresh_token).toEqual(expect.any(String));
    expect(response!.profile).toMatchObject({ sub: expect.any(String), email: 'alice@example.com', acr: ACR.password });

    const repeatingGranted = await refresh(rp, response!);
    const repeatingRequested = await refresh(rp, repeatingGranted, FULL_SCOPE);
    expect(repeatingRequested.access_token).toEqual(expect.any(String));
    expect(repeatingRequested.scope!.split(' ')).toContain('offline_access');

    const refreshes = tokenRequests.filter((body) => body.get('grant_type') === 'refresh_token');
    expect(refreshes.map((body) => body.get('scope'))).toEqual([expect.stringContaining('offline_access'), FULL_SCOPE]);
    // client_secret_post: the secret travels in the body, as the client is registered.
    expect(tokenRequests.every((body) => body.get('client_id') === INTRANET.client_id && body.get('client_secret') === INTRANET.client_secret)).toBe(true);
  });

  it('keeps an offline refresh token alive after the user signs out, and ends a session-bound one', async () => {
    const rp = relyingParty(idp.issuer, INTRANET);
    const offline = await signIn(rp, INTRANET);
    const bound = await signIn(rp, INTRANET, { browser: offline.browser, scope: 'openid profile' });
    expect(bound.response!.scope!.split(' ')).not.toContain('offline_access');
    expect(bound.response!.refresh_token).toEqual(expect.any(String));

    const signOut = await rp.createSignoutRequest({ id_token_hint: offline.response!.id_token, post_logout_redirect_uri: INTRANET.post_logout_redirect_uris[0] });
    const confirm = await offline.browser.get(signOut.url);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1];
    await offline.browser.postForm(`${idp.issuer}/session/end/confirm`, { xsrf, logout: 'yes' }, { stopAt: INTRANET.post_logout_redirect_uris[0] });

    expect((await refresh(rp, offline.response!)).access_token).toEqual(expect.any(String));
    await expect(refresh(rp, bound.response!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('lists what a first-party client asks for when it sends prompt=consent, and grants offline access once allowed', async () => {
    const rp = relyingParty(idp.issuer, INTRANET);
    const signedIn = await signIn(rp, INTRANET);
    const { browser, page } = await signIn(rp, INTRANET, { browser: signedIn.browser, prompt: 'consent' });

    expect(page.body).toContain('Allow Intranet?');
    for (const item of ['Your account identifier', 'Your email address', 'Stay signed in to the app when you are not using it']) expect(page.body).toContain(item);
    const allowed = await browser.postForm(new URL(formAction(page.body, '/confirm')!, page.url).toString(), { _csrf: inputValue(page.body, '_csrf')! }, { stopAt: INTRANET.redirect_uris[0] });
    const response = await rp.processSigninResponse(allowed.url);
    expect(response.scope!.split(' ')).toContain('offline_access');
  });

  it('gives a third party offline access only with prompt=consent, and refuses a refresh repeating a scope it was not granted', async () => {
    recordTokenRequests();
    const rp = relyingParty(idp.issuer, PARTNER);
    const { browser, page } = await signIn(rp, PARTNER);
    expect(page.body).toContain('Allow Partner CRM?');
    expect(page.body).not.toContain('Stay signed in');
    const allowed = await browser.postForm(new URL(formAction(page.body, '/confirm')!, page.url).toString(), { _csrf: inputValue(page.body, '_csrf')! }, { stopAt: PARTNER.redirect_uris[0] });
    const granted = await rp.processSigninResponse(allowed.url);
    expect(granted.scope!.split(' ')).not.toContain('offline_access');
    // The granted scope repeated: fine. offline_access, never granted: invalid_scope, as RFC 6749 6 requires.
    const refreshed = await refresh(rp, granted);
    await expect(refresh(rp, refreshed, FULL_SCOPE)).rejects.toMatchObject({ error: 'invalid_scope' });

    const consented = await signIn(rp, PARTNER, { browser, prompt: 'consent' });
    expect(consented.page.body).toContain('Stay signed in to the app when you are not using it');
    const allowedOffline = await browser.postForm(new URL(formAction(consented.page.body, '/confirm')!, consented.page.url).toString(), { _csrf: inputValue(consented.page.body, '_csrf')! }, { stopAt: PARTNER.redirect_uris[0] });
    const offline = await rp.processSigninResponse(allowedOffline.url);
    expect((await refresh(rp, offline, FULL_SCOPE)).scope!.split(' ')).toContain('offline_access');
  });

  it('answers response_mode=form_post with a page that posts the code back without any inline script', async () => {
    const rp = relyingParty(idp.issuer, INTRANET);
    const { browser } = await signIn(rp, INTRANET);
    const request = await rp.createSigninRequest({ extraQueryParams: { response_mode: 'form_post' } });
    const page = await browser.get(request.url, { stopAt: INTRANET.redirect_uris[0] });

    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/sha256-|unsafe-inline/);
    expect(csp).toMatch(new RegExp(`form-action 'self'[^;]* ${new URL(INTRANET.redirect_uris[0]).origin}[ ;]`));
    expect(page.body).not.toMatch(/<script>|<script [^>]*>[^<]/);
    expect(page.body).toContain('<script src="/js/form-post.js"></script>');
    expect(formAction(page.body, INTRANET.redirect_uris[0])).toBe(INTRANET.redirect_uris[0]);
    const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name, value.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')]));
    expect(fields).toMatchObject({ code: expect.any(String), state: expect.any(String), iss: idp.issuer });

    const response = await rp.processSigninResponse(`${INTRANET.redirect_uris[0]}?${new URLSearchParams(fields)}`);
    expect(response.access_token).toEqual(expect.any(String));
  });

  it('honours prompt=none, prompt=login, max_age and acr_values as OpenID Connect Core 3.1.2.1 defines them', async () => {
    const rp = relyingParty(idp.issuer, INTRANET);
    const first = await signIn(rp, INTRANET);
    const authTime = first.response!.profile.auth_time!;

    const silent = await signIn(rp, INTRANET, { browser: first.browser, prompt: 'none' });
    expect(silent.response!.profile.auth_time).toBe(authTime);

    // prompt=login and max_age=0 both mean: sign in again, even with a session.
    for (const options of [{ prompt: 'login' }, { extra: { max_age: '0' } }]) {
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const again = await signIn(rp, INTRANET, { browser: first.browser, ...options });
      expect(again.page.chain.some((url) => url.includes('/interaction/'))).toBe(true);
      expect(again.response!.profile.auth_time).toBeGreaterThan(authTime);
    }

    const withAcr = await signIn(rp, INTRANET, { browser: first.browser, extra: { acr_values: ACR.password } });
    expect(withAcr.response!.profile.acr).toBe(ACR.password);

    const anonymous = await rp.createSigninRequest({ prompt: 'none' });
    const refused = await new HttpBrowser().get(anonymous.url, { stopAt: INTRANET.redirect_uris[0] });
    expect(new URL(refused.url).searchParams.get('error')).toBe('login_required');
  });
});
