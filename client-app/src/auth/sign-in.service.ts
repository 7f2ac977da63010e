import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { SignInFailedError } from './auth.errors.js';
import { clientSession, destroySession, regenerateSession, type SignedInUser } from './auth-session.js';
import { type AuthorizationOptions, OidcClientService, type SignInResult } from './oidc-client.service.js';
import { safeReturnPath } from './safe-return-path.js';

/** Where a sign-in without a (valid) `returnTo` lands. */
export const DEFAULT_RETURN_PATH = '/profile';

/** How long a browser that only started a sign-in keeps its session: abandoned attempts leave the store quickly. */
const PENDING_SIGN_IN_TTL_MS = 15 * 60 * 1000;

/** The browser-session side of signing in and out; the OIDC protocol itself is `OidcClientService`'s. */
@Injectable()
export class SignInService {
  private readonly logger = new Logger(SignInService.name);

  constructor(
    private readonly oidc: OidcClientService,
    @Inject(CLIENT_APP_CONFIG) private readonly config: ClientAppConfig,
  ) {}

  /**
   * Remembers what the callback must check and returns the identity server URL to send the browser to.
   * `maxAge` asks for a sign-in at most that many seconds old (re-authentication before a sensitive page).
   */
  async start(req: Request, returnTo: unknown, options: AuthorizationOptions = {}): Promise<string> {
    const { url, ...checks } = await this.oidc.authorizationUrl(options);
    const session = clientSession(req);
    session.pendingSignIn = { ...checks, returnTo: safeReturnPath(returnTo) };
    // Signing in regenerates the session with the full idle timeout.
    if (!session.user) session.cookie.maxAge = PENDING_SIGN_IN_TTL_MS;
    return url;
  }

  /** Finishes the sign-in the identity server redirected back to; returns where to send the browser next. */
  async complete(req: Request): Promise<string> {
    const session = clientSession(req);
    const pending = session.pendingSignIn;
    // One use only: a reloaded or replayed callback finds nothing pending.
    delete session.pendingSignIn;
    const query = new URL(req.originalUrl, this.config.url).search;
    if (!pending) {
      // The back button after signing in lands here: nothing is wrong.
      if (session.user) return DEFAULT_RETURN_PATH;
      throw new SignInFailedError(new URLSearchParams(query).get('error') === 'access_denied' ? 'cancelled' : 'expired');
    }
    // The registered redirect URI, not the Host header: openid-client sends this URL (minus the query) as redirect_uri.
    const currentUrl = new URL(`${this.config.oidc.redirectUri}${query}`);
    const { claims, tokens } = await this.oidc.handleCallback(currentUrl, pending);
    const signedIn = await regenerateSession(req);
    signedIn.user = signedInUser(claims);
    signedIn.tokens = tokens;
    return pending.returnTo ?? DEFAULT_RETURN_PATH;
  }

  /**
   * Ends the local session, revokes its refresh token, and returns the identity server's end-session URL (home
   * when nobody was signed in). A revocation that fails is logged: the sign-out itself goes on.
   */
  async signOut(req: Request): Promise<string> {
    const tokens = clientSession(req).tokens;
    await destroySession(req);
    if (tokens?.refreshToken) {
      await this.oidc.revoke(tokens.refreshToken).catch((error: unknown) => this.logger.warn({ event: 'sign_out.revocation_failed', cause: (error as Error).message }));
    }
    return tokens?.idToken ? this.oidc.endSessionUrl(tokens.idToken) : '/';
  }
}

function signedInUser(claims: SignInResult['claims']): SignedInUser {
  const displayName = [claims.name, claims.preferred_username, claims.email].find((value) => typeof value === 'string' && value !== '');
  return { sub: claims.sub, displayName: (displayName as string | undefined) ?? claims.sub, claims };
}
