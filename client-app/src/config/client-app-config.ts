import type { AuthsignalSettings } from '../../../src/common/config/authsignal-environment.js';
import type { DatabaseTimeouts } from '../../../src/config/app-config.js';
import type { MetricsSettings } from '../../../src/common/config/metrics-environment.js';

/** The client app's configuration, validated once at boot (see `loadClientAppConfig`) and injected as `CLIENT_APP_CONFIG`. */
export interface ClientAppConfig {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  http: {
    host: string;
    /** 0 picks a free port (tests); `startClientApp` reports the one it got. */
    port: number;
    /** Honour X-Forwarded-* from one proxy hop, so a TLS-terminating proxy still gets `Secure` cookies. */
    trustProxy: boolean;
  };
  /** Public base URL of this app (an origin, no trailing slash): what the browser and the identity server see. */
  url: string;
  session: {
    secret: string;
    /** Derived from the session secret so that one variable configures both without reusing a key. */
    csrfSecret: string;
    /** True when `url` is https: cookies get `Secure` and the `__Host-` prefix. */
    secureCookies: boolean;
    /**
     * The PostgreSQL database every instance keeps its sessions in (`CLIENT_APP_DATABASE_URL`); without it the
     * sessions live in this process's memory, which suits one development instance only.
     */
    database?: { url: string; timeouts: DatabaseTimeouts };
  };
  oidc: {
    /** Issuer identifier, verbatim: it is compared with the discovery document's `issuer`. */
    issuer: string;
    clientId: string;
    clientSecret: string;
    scope: string;
    /** `${url}/callback`, registered at the identity server. */
    redirectUri: string;
    /** `${url}/`, registered at the identity server. */
    postLogoutRedirectUri: string;
  };
  /** Where `GET /metrics` is served (`CLIENT_APP_METRICS_PORT`, `…_HOST`, `…_TOKEN`); absent when off. */
  metrics?: MetricsSettings;
  /** Where the server (track, list, remove) and the passkey page's script (client API) reach Authsignal. */
  authsignal: AuthsignalSettings;
  passkeys: {
    /** Authsignal action code tracked to mint an enrolment token (`add-passkey`). */
    enrolmentAction: string;
    /**
     * Enrolling or removing a passkey needs a sign-in at most this old (ID token `auth_time`); older ones are sent
     * back to the identity server with `max_age` set to it.
     */
    recentSignInSeconds: number;
    /**
     * The ID token `acr` values that may change passkeys (default: a second factor or a passkey); a weaker
     * sign-in is sent back to the identity server with `acr_values` asking for them (step-up).
     */
    requiredAcr: string[];
  };
}
