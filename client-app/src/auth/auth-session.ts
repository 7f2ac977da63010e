import type { Request } from 'express';
import type { Session } from 'express-session';
import type { SignInChecks, TokenSet } from './oidc-client.service.js';

/** The signed-in user, as the ID token described them at sign-in. */
export interface SignedInUser {
  sub: string;
  /** What the header shows: name, else preferred_username, else email, else sub. */
  displayName: string;
  /** Every claim of the ID token, verified by the OIDC client. */
  claims: Record<string, unknown>;
}

/** A sign-in started by /login and finished by /callback; one at a time per browser session. */
export interface PendingSignIn extends SignInChecks {
  returnTo?: string;
}

/**
 * What the client app keeps in its server-side session. Not declared by augmenting express-session's global
 * `SessionData`: the identity server is compiled in the same program and must not see (or clash with) our fields.
 */
export interface ClientAppSessionData {
  pendingSignIn?: PendingSignIn;
  user?: SignedInUser;
  /** Tokens stay on the server; the browser only holds the session cookie. */
  tokens?: TokenSet;
}

export type ClientAppSession = Session & ClientAppSessionData;

export const clientSession = (req: Request): ClientAppSession => req.session as ClientAppSession;

/** A new session id for the same browser: called on sign-in so an id planted before sign-in is worthless after it. */
export const regenerateSession = (req: Request): Promise<ClientAppSession> =>
  new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve(clientSession(req)))));

export const destroySession = (req: Request): Promise<void> =>
  new Promise((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
