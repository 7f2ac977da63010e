import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { LogoutTokenRejectedError, verifyLogoutToken } from './logout-token.js';
import { OidcClientService } from './oidc-client.service.js';
import { SESSION_STORE, type SessionStore } from './session-store.js';

/** Bounds fetching the identity server's keys; a key it has just rotated in is fetched again after this pause. */
const JWKS_TIMEOUT_MS = 5_000;
const JWKS_REFETCH_PAUSE_MS = 30_000;

/**
 * OpenID Connect Back-Channel Logout 1.0, the relying party's side: the identity server posts a logout token
 * when the user's session there ends (signed out there, or in another application); the sessions it names end
 * here, on every instance, since they share the store.
 */
@Injectable()
export class BackchannelLogoutService {
  private readonly logger = new Logger(BackchannelLogoutService.name);
  private keys?: { jwksUri: string; get: JWTVerifyGetKey };

  constructor(
    private readonly oidc: OidcClientService,
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    @Inject(CLIENT_APP_CONFIG) private readonly config: ClientAppConfig,
  ) {}

  /** Ends the sessions the token names; a token that does not verify, or comes again, ends nothing. */
  async logout(logoutToken: string): Promise<void> {
    const { issuer, jwksUri, algorithms } = await this.oidc.signingKeysOfIssuer();
    const notice = await verifyLogoutToken(logoutToken, { issuer, audience: this.config.oidc.clientId, algorithms, keys: this.keysAt(jwksUri) });
    const outcome = await this.store.endSessions(notice);
    if (outcome.replayed) throw new LogoutTokenRejectedError('it was already used');
    this.logger.log({ event: 'backchannel_logout', sid: notice.providerSession, sub: notice.subject, ended: outcome.ended });
  }

  /** One remote key set per JWKS URL: jose caches the keys and fetches them again for a key id it does not know. */
  private keysAt(jwksUri: string): JWTVerifyGetKey {
    if (this.keys?.jwksUri !== jwksUri) {
      this.keys = { jwksUri, get: createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: JWKS_TIMEOUT_MS, cooldownDuration: JWKS_REFETCH_PAUSE_MS }) };
    }
    return this.keys.get;
  }
}
