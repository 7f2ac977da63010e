import * as oidc from 'openid-client';
import { formAction, type HttpBrowser, inputValue } from './http-browser.js';
import { TEST_CLIENT_SECRET } from './identity-server.js';

/**
 * The test's relying party: openid-client 6 against the identity server, checking what a real client
 * checks (ID token signature, iss, aud, nonce, state, PKCE).
 */
export class RelyingParty {
  constructor(
    readonly config: oidc.Configuration,
    readonly redirectUri: string,
  ) {}

  static async discover(issuer: string, redirectUri: string): Promise<RelyingParty> {
    const config = await oidc.discovery(new URL(issuer), 'client-app', TEST_CLIENT_SECRET, undefined, { execute: [oidc.allowInsecureRequests] });
    return new RelyingParty(config, redirectUri);
  }

  /** The relying party of a client from a clients file (its id, secret, first redirect URI and ID token algorithm). */
  static async discoverClient(
    issuer: string,
    client: { client_id: string; client_secret: string; redirect_uris: string[]; id_token_signed_response_alg?: string },
  ): Promise<RelyingParty> {
    const metadata = { client_secret: client.client_secret, ...(client.id_token_signed_response_alg ? { id_token_signed_response_alg: client.id_token_signed_response_alg } : {}) };
    const config = await oidc.discovery(new URL(issuer), client.client_id, metadata, undefined, { execute: [oidc.allowInsecureRequests] });
    return new RelyingParty(config, client.redirect_uris[0]);
  }

  /**
   * The same relying party sending every request to another instance behind the same issuer (its own
   * port), as if a load balancer routed it there.
   */
  atInstance(port: number): RelyingParty {
    const moved = (url: unknown) => {
      if (typeof url !== 'string') return url;
      const target = new URL(url);
      target.port = String(port);
      return target.toString();
    };
    const server = Object.fromEntries(Object.entries(this.config.serverMetadata()).map(([name, value]) => [name, name.endsWith('_endpoint') || name === 'jwks_uri' ? moved(value) : value]));
    const client = this.config.clientMetadata();
    const config = new oidc.Configuration(server as oidc.ServerMetadata, client.client_id, client);
    oidc.allowInsecureRequests(config);
    return new RelyingParty(config, this.redirectUri);
  }

  async authorization(extra: Record<string, string> = {}) {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile email offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    return { url: url.toString(), codeVerifier, state, nonce };
  }

  redeem(callbackUrl: string, checks: { codeVerifier: string; state: string; nonce: string }) {
    return oidc.authorizationCodeGrant(this.config, new URL(callbackUrl), {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  }

  refresh(refreshToken: string) {
    return oidc.refreshTokenGrant(this.config, refreshToken);
  }

  userinfo(accessToken: string, sub: string) {
    return oidc.fetchUserInfo(this.config, accessToken, sub);
  }

  endSessionUrl(idTokenHint: string, postLogoutRedirectUri: string): string {
    return oidc.buildEndSessionUrl(this.config, { id_token_hint: idTokenHint, post_logout_redirect_uri: postLogoutRedirectUri }).toString();
  }

  /** Signs in through the login page and returns the callback URL the browser was sent to. */
  async signIn(browser: HttpBrowser, credentials: { username: string; password: string }, extra: Record<string, string> = {}) {
    const request = await this.authorization(extra);
    const page = await browser.get(request.url, { stopAt: this.redirectUri });
    const callback = page.url.startsWith(this.redirectUri) ? page : await submitLogin(browser, page, credentials, this.redirectUri);
    return { ...request, callbackUrl: callback.url, page: callback };
  }
}

/** Posts the login form found on `page`, as a person would. */
export async function submitLogin(
  browser: HttpBrowser,
  page: { url: string; body: string },
  credentials: { username: string; password: string },
  stopAt: string,
  csrfOverride?: string,
) {
  const action = formAction(page.body, '/login');
  if (!action) throw new Error(`No login form at ${page.url}: ${page.body.slice(0, 500)}`);
  return browser.postForm(
    new URL(action, page.url).toString(),
    { ...credentials, _csrf: csrfOverride ?? inputValue(page.body, '_csrf') ?? '' },
    { stopAt },
  );
}
