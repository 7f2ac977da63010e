import { Inject, Injectable } from '@nestjs/common';
import type { SignedInUser } from '../auth/auth-session.js';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { type Passkey, PasskeysAuthsignal } from './passkeys.authsignal.js';
import { PasskeyNotFoundError, ReauthenticationRequiredError } from './passkeys.errors.js';
import { isRecentSignIn } from './recent-sign-in.rule.js';

/** Where the request came from, for Authsignal's risk rules and its activity log. */
export interface RequestContext {
  ipAddress?: string;
  userAgent?: string;
}

/**
 * The passkey page's rules: adding and removing need a recent sign-in at a required level (a second
 * factor or a passkey, by default); only the user's own passkeys can be removed.
 */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly authsignal: PasskeysAuthsignal,
    @Inject(CLIENT_APP_CONFIG) private readonly config: ClientAppConfig,
  ) {}

  /** Seconds a sign-in stays recent enough to add or remove a passkey; also the `max_age` of a re-authentication. */
  get recentSignInSeconds(): number {
    return this.config.passkeys.recentSignInSeconds;
  }

  /** The `acr_values` a re-authentication asks for. */
  get requiredAcr(): string[] {
    return this.config.passkeys.requiredAcr;
  }

  /** Whether this session's sign-in may change passkeys: recent enough, and at one of the required levels. */
  mayChangePasskeys(user: SignedInUser): boolean {
    const recent = isRecentSignIn(user.claims.auth_time, Math.floor(Date.now() / 1000), this.recentSignInSeconds);
    return recent && this.requiredAcr.includes(user.claims.acr as string);
  }

  /** A token that lets this browser add a passkey for this user, minted only after a recent sign-in. */
  async enrolmentToken(user: SignedInUser, context: RequestContext): Promise<string> {
    if (!this.mayChangePasskeys(user)) throw new ReauthenticationRequiredError();
    return this.authsignal.enrolmentToken({
      userId: user.sub,
      action: this.config.passkeys.enrolmentAction,
      username: stringClaim(user.claims.preferred_username),
      email: stringClaim(user.claims.email),
      ...context,
    });
  }

  list(user: SignedInUser): Promise<Passkey[]> {
    return this.authsignal.passkeys(user.sub);
  }

  /**
   * Removes one of the user's passkeys. The id must be among *their passkeys*: an id of another user's passkey,
   * or of one of their other authenticators (authenticator app, email), is "not found".
   */
  async remove(user: SignedInUser, passkeyId: string): Promise<void> {
    if (!this.mayChangePasskeys(user)) throw new ReauthenticationRequiredError();
    const passkeys = await this.authsignal.passkeys(user.sub);
    if (!passkeys.some((passkey) => passkey.id === passkeyId)) throw new PasskeyNotFoundError();
    await this.authsignal.removePasskey(user.sub, passkeyId);
  }
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
