import type { AuthsignalSettings } from '../common/config/authsignal-environment.js';
import type { MetricsSettings } from '../common/config/metrics-environment.js';

/** The identity server's configuration, validated once at boot (see `loadConfig`) and injected as `APP_CONFIG`. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  http: {
    host: string;
    port: number;
    /** Honour X-Forwarded-* from one proxy hop (client IP for rate limits, https for cookies). */
    trustProxy: boolean;
    /** True when the issuer is https: cookies get `Secure` and the `__Host-` prefix. */
    secureCookies: boolean;
  };
  issuer: string;
  database: {
    /** PostgreSQL when set; otherwise embedded PGlite in `pgliteDataDir`. */
    url?: string;
    pgliteDataDir: string;
    timeouts: DatabaseTimeouts;
    /** PostgreSQL connections per instance (and as many again for relaxed commits, when allowed). */
    poolSize: number;
    /**
     * Commit the provider's short-lived artifacts (codes, access tokens, interactions) without waiting for
     * the disk (PostgreSQL's `synchronous_commit = off` on their connections). Off by default.
     */
    relaxedCommits: boolean;
  };
  oidc: {
    cookieKeys: string[];
    /** Encrypts the stored private signing keys. */
    signingKeySecret: string;
    signingKeys: SigningKeysConfig;
    clients: OidcClientConfig[];
  };
  csrfSecret: string;
  login: LoginPolicyConfig;
  authsignal: AuthsignalConfig;
  /** Sign-in with a code Authsignal emails to the account's address, offered on the login page. */
  emailCodeSignIn: boolean;
  seedDemoUsers: boolean;
  /** Where `GET /metrics` is served (`METRICS_PORT`, `METRICS_HOST`, `METRICS_TOKEN`); absent when off. */
  metrics?: MetricsSettings;
  /** A folder of view, asset and copy overrides (see `BrandingOptions`), when set. */
  brandingDir?: string;
  /** Things the operator should know about the configuration (a setting under an old name, say); logged at start. */
  notices: string[];
}

/** The signature algorithms the server can sign with: RS256 (which OpenID Connect requires), ES256 and EdDSA (Ed25519). */
export const SIGNING_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** How signing keys are kept and rotated (see `SigningKeysService` and docs/operations.md). */
export interface SigningKeysConfig {
  /** One active key per algorithm; RS256 always. Clients choose theirs with `id_token_signed_response_alg`. */
  algorithms: SigningAlgorithm[];
  /** How long a new key is published before it signs, so relying parties' cached JWKS know it first. */
  propagationSeconds: number;
  /** How often each instance re-reads the keys, and so how soon it serves a change. */
  refreshSeconds: number;
}

export interface AuthsignalConfig extends AuthsignalSettings {
  /** Action tracked after the password step; its rules in Authsignal decide ALLOW / CHALLENGE / BLOCK. */
  signInAction: string;
  /** Action code of passkey sign-ins from the login page (`passkey.signIn({ action })`). */
  passkeyAction: string;
  /** Action code of email-code sign-ins (Authsignal's server-side email challenge). */
  emailCodeAction: string;
  /**
   * Origins of Authsignal's pre-built UI (its tenant domain, or a custom one). After the password the
   * browser is sent straight there, so the login page's CSP `form-action` lists them; a UI elsewhere is
   * reached through the "Verify it's you" page instead.
   */
  prebuiltUiOrigins: string[];
  /** `required`: a user with no second factor enrols one before finishing; `optional`: signs in with the password. */
  mfaEnrolment: 'required' | 'optional';
}

/** Our client settings beyond oidc-provider's standard metadata, kept on each client's metadata. */
export const EXTRA_CLIENT_PROPERTIES = ['mfa'] as const;

export interface OidcClientConfig {
  client_id: string;
  /** Shown on the login and consent pages ("to continue to …"). */
  client_name?: string;
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: string;
  /** The public keys of a `private_key_jwt` client, inline or where it publishes them. */
  jwks?: { keys: Record<string, unknown>[] };
  jwks_uri?: string;
  /** How this client's ID tokens are signed; RS256 when absent (the OpenID Connect default). */
  id_token_signed_response_alg?: SigningAlgorithm;
  scope?: string;
  /** OpenID Connect Back-Channel Logout 1.0: where the logout token is posted when the user's session ends. */
  backchannel_logout_uri?: string;
  /** Whether the logout token and the ID token carry the session id (`sid`). */
  backchannel_logout_session_required?: boolean;
  /** First-party clients skip the consent page. */
  firstParty: boolean;
  /** A resource server may introspect the access tokens of every client; other clients only their own. */
  resourceServer: boolean;
  /** How this client's sign-ins get a second factor; `authsignal` when absent. */
  mfa?: 'required' | 'authsignal' | 'optional';
}

export interface LoginPolicyConfig {
  maxFailuresPerAccountAndIp: number;
  maxFailuresPerIp: number;
  failureWindowSeconds: number;
}

/**
 * Every outside call has a bound (STYLE.md rule 17): getting a connection, and each statement. A
 * stalled database then fails requests within these, with an outage page, instead of hanging them.
 */
export interface DatabaseTimeouts {
  /** Connecting, or waiting for a free connection from the pool. */
  connectMs: number;
  /** One statement, measured by the client (the network may be what stalls) and, on PostgreSQL, by the server too. */
  queryMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 3_000, queryMs: 5_000 };

/** Enough for the concurrency one Node process drives (each request holds a connection for one statement at a time). */
export const DEFAULT_DATABASE_POOL_SIZE = 10;
