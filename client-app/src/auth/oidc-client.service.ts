import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { IdentityServerUnavailableError, SignInFailedError } from './auth.errors.js';

/** What the callback checks the identity server's answer against; kept in the session between /login and /callback. */
export interface SignInChecks {
  codeVerifier: string;
  state: string;
  nonce: string;
  /** The `max_age` asked for, if any: the ID token's `auth_time` must then be at most this old. */
  maxAge?: number;
}

export interface AuthorizationOptions {
  /**
   * Seconds: asks the identity server to make the user sign in again unless they did within this long (`max_age`),
   * for pages that need a recent sign-in.
   */
  maxAge?: number;
  /** The sign-in levels to ask for (`acr_values`, preferred first), for pages that need a stronger sign-in. */
  acrValues?: string[];
}

export interface AuthorizationRequest extends SignInChecks {
  /** Where to send the browser. */
  url: string;
}

export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Access token expiry, seconds since the epoch. */
  expiresAt?: number;
}

/** A refresh may or may not return a new ID token or rotate the refresh token. */
export type RefreshedTokens = Omit<TokenSet, 'idToken'> & { idToken?: string };

export interface SignInResult {
  /** The verified ID token claims; `sub` is always present. */
  claims: { sub: string } & Record<string, unknown>;
  tokens: TokenSet;
}

/** Seconds to wait for the identity server on any request (discovery, token, JWKS). */
const REQUEST_TIMEOUT_SECONDS = 10;

/**
 * The client app's OpenID Connect relying party: authorization code flow with PKCE (S256), state and nonce.
 * The only importer of `openid-client`; its errors leave this class as our domain errors.
 *
 * Discovery is lazy and cached, and retried after a failure, so the client app starts (and serves its home
 * page) while the identity server is still down.
 */
@Injectable()
export class OidcClientService {
  private readonly logger = new Logger(OidcClientService.name);
  private configuration?: Promise<oidc.Configuration>;

  constructor(@Inject(CLIENT_APP_CONFIG) private readonly config: ClientAppConfig) {}

  async authorizationUrl(options: AuthorizationOptions = {}): Promise<AuthorizationRequest> {
    const configuration = await this.discovered();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    // No prompt=consent even with offline_access: it would show first-party users a consent page on every sign-in.
    // Our identity server issues (session-bound) refresh tokens without it; other providers may drop offline_access.
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.oidc.redirectUri,
      scope: this.config.oidc.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(options.maxAge === undefined ? {} : { max_age: String(options.maxAge) }),
      ...(options.acrValues?.length ? { acr_values: options.acrValues.join(' ') } : {}),
    });
    return { url: url.href, codeVerifier, state, nonce, ...(options.maxAge === undefined ? {} : { maxAge: options.maxAge }) };
  }

  /**
   * Completes the flow from the URL the identity server redirected the browser to: checks state, exchanges the
   * code with the PKCE verifier, and verifies the ID token (signature against the JWKS, iss, aud, exp, nonce).
   */
  async handleCallback(currentUrl: URL, checks: SignInChecks): Promise<SignInResult> {
    const configuration = await this.discovered();
    try {
      const response = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
        // An identity server that ignored max_age fails here, instead of sending the user round in a loop.
        maxAge: checks.maxAge,
      });
      const claims = response.claims();
      if (!response.id_token || !claims) throw new Error('the token response has no ID token');
      return {
        claims: { ...claims },
        tokens: {
          idToken: response.id_token,
          accessToken: response.access_token,
          refreshToken: response.refresh_token,
          expiresAt: expiresAt(response.expiresIn()),
        },
      };
    } catch (error) {
      const refusal = error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError ? error.error : undefined;
      // The identity server's own outage (RFC 6749 §4.1.2.1) is a passing unavailability, not a failed sign-in.
      if (refusal === 'temporarily_unavailable') throw new IdentityServerUnavailableError(this.config.oidc.issuer, { cause: error });
      throw new SignInFailedError(refusal === 'access_denied' ? 'cancelled' : 'failed', { cause: error });
    }
  }

  /** RP-initiated logout: the identity server ends its session too, then sends the browser back to our home page. */
  async endSessionUrl(idTokenHint: string): Promise<string> {
    const configuration = await this.discovered();
    try {
      return oidc.buildEndSessionUrl(configuration, {
        id_token_hint: idTokenHint,
        post_logout_redirect_uri: this.config.oidc.postLogoutRedirectUri,
      }).href;
    } catch (error) {
      // An identity server without an end_session_endpoint: the local sign-out is all we can do.
      this.logger.warn({ err: error }, 'The identity server offers no end-session endpoint; signing out locally only');
      return this.config.oidc.postLogoutRedirectUri;
    }
  }

  /**
   * RFC 7009: tells the identity server a token is no longer needed. An offline refresh token outlives the
   * user's session there, so signing out of the app revokes it rather than leaving it valid and unused.
   */
  async revoke(refreshToken: string): Promise<void> {
    await oidc.tokenRevocation(await this.discovered(), refreshToken, { token_type_hint: 'refresh_token' });
  }

  async refresh(refreshToken: string): Promise<RefreshedTokens> {
    const configuration = await this.discovered();
    try {
      const response = await oidc.refreshTokenGrant(configuration, refreshToken);
      return {
        idToken: response.id_token,
        accessToken: response.access_token,
        refreshToken: response.refresh_token ?? refreshToken,
        expiresAt: expiresAt(response.expiresIn()),
      };
    } catch (error) {
      throw new SignInFailedError('expired', { cause: error });
    }
  }

  /**
   * What a logout token from the identity server is checked against: its issuer identifier, where its keys
   * are published and the algorithms it signs ID tokens (and so logout tokens) with.
   */
  async signingKeysOfIssuer(): Promise<{ issuer: string; jwksUri: string; algorithms: string[] }> {
    const metadata = (await this.discovered()).serverMetadata();
    if (!metadata.jwks_uri) throw new IdentityServerUnavailableError(this.config.oidc.issuer, { cause: new Error('the discovery document has no jwks_uri') });
    return { issuer: metadata.issuer, jwksUri: metadata.jwks_uri, algorithms: metadata.id_token_signing_alg_values_supported ?? ['RS256'] };
  }

  /** Readiness: fetches the discovery document afresh (and keeps it), rather than trusting the cached copy. */
  async isReachable(): Promise<boolean> {
    try {
      const fresh = this.discover();
      await fresh;
      this.configuration = fresh;
      return true;
    } catch {
      return false;
    }
  }

  private discovered(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      // Forget the failure so the next request tries again.
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.config.oidc;
    const issuerUrl = new URL(issuer);
    try {
      return await oidc.discovery(issuerUrl, clientId, { client_secret: clientSecret }, oidc.ClientSecretBasic(clientSecret), {
        execute: [
          // openid-client trusts TLS for an ID token from the token endpoint; we verify its signature too, since
          // development runs without TLS and the check costs one cached JWKS fetch.
          oidc.enableNonRepudiationChecks,
          // openid-client refuses plain http unless told; config only allows an http issuer outside production.
          ...(issuerUrl.protocol === 'http:' ? [oidc.allowInsecureRequests] : []),
        ],
        timeout: REQUEST_TIMEOUT_SECONDS,
      });
    } catch (error) {
      // Not logged here: the error page logs it with the request id, and /ready probes would flood the log.
      throw new IdentityServerUnavailableError(issuer, { cause: error });
    }
  }
}

function expiresAt(expiresIn: number | undefined): number | undefined {
  return expiresIn === undefined ? undefined : Math.floor(Date.now() / 1000) + expiresIn;
}
