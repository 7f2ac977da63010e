import { z } from 'zod';
import { authsignalEnvironmentShape } from '../common/config/authsignal-environment.js';
import { booleanFlag, logLevel, portNumber, secret } from '../common/config/environment.js';
import { METRICS_DEFAULT_HOST } from '../common/config/metrics-environment.js';
import { DEFAULT_DATABASE_POOL_SIZE, DEFAULT_DATABASE_TIMEOUTS, SIGNING_ALGORITHMS } from './app-config.js';
import { CLIENT_AUTH_METHODS, clientAuthenticationProblems, publicKeySet } from './client-authentication.schema.js';

/** Development secrets: fine on a laptop, refused when NODE_ENV=production. */
export const DEVELOPMENT_SECRETS = {
  COOKIE_KEYS: 'dev-cookie-key-change-me-0123456789abcdef',
  CSRF_SECRET: 'dev-csrf-secret-change-me-0123456789abcdef',
  CLIENT_APP_CLIENT_SECRET: 'dev-client-app-secret-change-me-0123456789',
  SIGNING_KEY_SECRET: 'dev-signing-key-secret-change-me-0123456789',
} as const;

const positiveInt = z.coerce.number().int().positive();
const seconds = z.coerce.number({ error: 'must be a number of seconds' }).int({ error: 'must be a whole number of seconds' });
const signingAlgorithm = z.enum(SIGNING_ALGORITHMS, { error: `must be one of ${SIGNING_ALGORITHMS.join(', ')}` });
const enrolmentSetting = z.enum(['required', 'optional'], { error: 'must be required or optional' });
const actionCode = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, _ or -' });
/** A comma-separated list of http(s) origins (scheme, host and port; no path). */
const originList = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.url({ protocol: /^https?$/, error: 'must be http(s) origins such as https://mfa.example.com, separated by commas' }).refine((origin) => new URL(origin).origin === origin.replace(/\/$/, ''), {
        error: 'must be origins only (scheme, host and port), without a path',
      }),
    ),
  )
  .transform((origins) => origins.map((origin) => new URL(origin).origin));
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((value) => value.replace(/\/+$/, ''));

/** Every environment variable the identity server reads, with its development default. */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: portNumber.default(5001),
  ISSUER: httpUrl.default('http://localhost:5001'),
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: logLevel.default('info'),

  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  PGLITE_DATA_DIR: z.string().min(1).default('data/pglite'),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  DATABASE_QUERY_TIMEOUT_MS: positiveInt.default(DEFAULT_DATABASE_TIMEOUTS.queryMs),
  DATABASE_POOL_SIZE: positiveInt.max(1000).default(DEFAULT_DATABASE_POOL_SIZE),
  DATABASE_RELAXED_COMMITS: booleanFlag.default(false),

  COOKIE_KEYS: z
    .string()
    .default(DEVELOPMENT_SECRETS.COOKIE_KEYS)
    .transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean))
    .pipe(z.array(secret).min(1, { error: 'needs at least one key' })),
  CSRF_SECRET: secret.default(DEVELOPMENT_SECRETS.CSRF_SECRET),
  SIGNING_KEY_SECRET: secret.default(DEVELOPMENT_SECRETS.SIGNING_KEY_SECRET),
  SIGNING_ALGORITHMS: z
    .string()
    .default(SIGNING_ALGORITHMS.join(','))
    .transform((value) => [...new Set(value.split(',').map((alg) => alg.trim()).filter(Boolean))])
    .pipe(z.array(signingAlgorithm))
    .refine((algs) => algs.includes('RS256'), { error: 'must include RS256, which OpenID Connect requires for ID tokens' }),
  SIGNING_KEY_PROPAGATION_SECONDS: seconds.min(1).max(90 * 86_400).default(86_400),
  SIGNING_KEYS_REFRESH_SECONDS: seconds.min(1).max(3_600).default(30),

  CLIENT_APP_URL: httpUrl.default('http://localhost:5002'),
  CLIENT_APP_CLIENT_ID: z.string().min(1).default('client-app'),
  CLIENT_APP_NAME: z.string().min(1).max(80).default('Example App'),
  CLIENT_APP_CLIENT_SECRET: secret.default(DEVELOPMENT_SECRETS.CLIENT_APP_CLIENT_SECRET),
  CLIENT_APP_FIRST_PARTY: booleanFlag.default(true),
  OIDC_CLIENTS_FILE: z.string().min(1).optional(),
  BRANDING_DIR: z.string().min(1).optional(),

  SEED_DEMO_USERS: booleanFlag.optional(),

  METRICS_PORT: portNumber.optional(),
  METRICS_HOST: z.string().min(1).default(METRICS_DEFAULT_HOST),
  METRICS_TOKEN: secret.optional(),

  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: positiveInt.default(10),
  LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(100),
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt.default(900),

  ...authsignalEnvironmentShape,
  AUTHSIGNAL_SIGN_IN_ACTION: actionCode.default('identity-server-login'),
  AUTHSIGNAL_PASSKEY_ACTION: actionCode.default('passkey-sign-in'),
  AUTHSIGNAL_EMAIL_CODE_ACTION: actionCode.default('email-code-sign-in'),
  /** Sign-in with a code sent by email; on outside production unless set (see `loadConfig`). */
  EMAIL_CODE_SIGN_IN: booleanFlag.optional(),
  /** Where Authsignal's pre-built UI is served (its URLs from `track`): the origin of AUTHSIGNAL_API_URL when unset. */
  AUTHSIGNAL_PREBUILT_UI_ORIGINS: originList.optional(),
  MFA_ENROLMENT: enrolmentSetting.optional(),
  /** The earlier spelling of `MFA_ENROLMENT`: still read, with a notice at start. */
  MFA_ENROLLMENT: enrolmentSetting.optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

/** One extra client from OIDC_CLIENTS_FILE, in oidc-provider's client metadata plus our `first_party` flag. */
export const clientFileSchema = z.array(
  z
    .object({
      client_id: z.string().min(1),
      client_name: z.string().min(1).max(80).optional(),
      client_secret: secret.optional(),
      redirect_uris: z.array(z.url()).default([]),
      post_logout_redirect_uris: z.array(z.url()).default([]),
      /** Empty only for a resource server that does nothing but introspect tokens. */
      grant_types: z.array(z.enum(['authorization_code', 'refresh_token', 'client_credentials'])),
      token_endpoint_auth_method: z.enum(CLIENT_AUTH_METHODS).default('client_secret_basic'),
      /** The public keys of a `private_key_jwt` client, inline or where it publishes them (one of the two). */
      jwks: publicKeySet.optional(),
      jwks_uri: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
      /** How this client's ID tokens are signed (RS256 when absent); SIGNING_ALGORITHMS must include it. */
      id_token_signed_response_alg: signingAlgorithm.optional(),
      scope: z.string().optional(),
      first_party: z.boolean().default(false),
      /** How this client's sign-ins get a second factor (see `ClientMfaSetting`); `authsignal` when absent. */
      mfa: z.enum(['required', 'authsignal', 'optional'], { error: 'must be required, authsignal or optional' }).optional(),
      /** OpenID Connect Back-Channel Logout 1.0: where the logout token is posted when the user's session ends. */
      backchannel_logout_uri: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
      /** Whether the logout token (and the ID token) carry the session id `sid`. */
      backchannel_logout_session_required: z.boolean().optional(),
      /** A resource server: may introspect the access tokens of every client, not only its own. */
      resource_server: z.boolean().default(false),
    })
    .strict()
    .superRefine((client, ctx) => {
      for (const problem of clientAuthenticationProblems(client)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
      if (client.grant_types.length === 0 && !client.resource_server) {
        ctx.addIssue({ code: 'custom', message: 'needs at least one grant type (only a resource_server may have none)', path: ['grant_types'] });
      }
    }),
);
