import { createHmac } from 'node:crypto';
import { z } from 'zod';
import {
  booleanFlag,
  type EnvironmentSource,
  logLevel,
  portNumber,
  secret,
  withoutEmptyValues,
} from '../../../src/common/config/environment.js';
import {
  authsignalEnvironmentShape,
  authsignalProductionProblems,
  authsignalSettings,
} from '../../../src/common/config/authsignal-environment.js';
import { DEFAULT_DATABASE_TIMEOUTS } from '../../../src/config/app-config.js';
import { METRICS_DEFAULT_HOST, metricsProblems, metricsSettings } from '../../../src/common/config/metrics-environment.js';
import type { ClientAppConfig } from './client-app-config.js';

/**
 * Development secrets: fine on a laptop, refused when NODE_ENV=production. The client secret must equal
 * the identity server's own development default so that both start with no configuration at all.
 */
export const CLIENT_APP_DEVELOPMENT_SECRETS = {
  CLIENT_APP_CLIENT_SECRET: 'dev-client-app-secret-change-me-0123456789',
  CLIENT_APP_SESSION_SECRET: 'dev-client-app-session-secret-change-me-0123456789',
} as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const origin = httpUrl
  .transform((value) => new URL(value))
  .refine((url) => url.pathname === '/' && !url.search && !url.hash, { error: 'must be an origin such as https://app.example.com, without a path' })
  .transform((url) => url.origin);

/** Every environment variable the client app reads, with its development default. */
const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  CLIENT_APP_HOST: z.string().min(1).default('127.0.0.1'),
  CLIENT_APP_PORT: portNumber.default(5002),
  CLIENT_APP_URL: origin.default('http://localhost:5002'),
  OIDC_ISSUER: httpUrl.default('http://localhost:5001'),
  CLIENT_APP_CLIENT_ID: z.string().min(1).default('client-app'),
  CLIENT_APP_CLIENT_SECRET: secret.default(CLIENT_APP_DEVELOPMENT_SECRETS.CLIENT_APP_CLIENT_SECRET),
  CLIENT_APP_SESSION_SECRET: secret.default(CLIENT_APP_DEVELOPMENT_SECRETS.CLIENT_APP_SESSION_SECRET),
  CLIENT_APP_SCOPE: z
    .string()
    .default('openid profile email offline_access')
    .refine((scope) => scope.split(/\s+/).includes('openid'), { error: 'must include openid' }),
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: logLevel.default('info'),
  /** Where every instance keeps its sessions; unset, they stay in memory (one development instance). */
  CLIENT_APP_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  CLIENT_APP_DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  CLIENT_APP_DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_DATABASE_TIMEOUTS.queryMs),
  CLIENT_APP_METRICS_PORT: portNumber.optional(),
  CLIENT_APP_METRICS_HOST: z.string().min(1).default(METRICS_DEFAULT_HOST),
  CLIENT_APP_METRICS_TOKEN: secret.optional(),
  ...authsignalEnvironmentShape,
  // Authsignal's own rule for action codes (it puts the code in a URL path).
  PASSKEY_ENROLMENT_ACTION: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, { error: 'must be 1-64 letters, digits, _ or -' })
    .default('add-passkey'),
  RECENT_SIGN_IN_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(1)
    .max(86_400)
    .default(600),
  /** The sign-in levels (acr) that may change passkeys, space-separated; a weaker sign-in is stepped up. */
  PASSKEYS_REQUIRED_ACR: z
    .string()
    .default('urn:nest-identity:acr:mfa urn:nest-identity:acr:passkey')
    .transform((value) => value.split(/\s+/).filter(Boolean))
    .pipe(z.array(z.string().min(1)).min(1, { error: 'needs at least one acr value' })),
});

type Environment = z.infer<typeof environmentSchema>;

/** A configuration problem found at boot; its message names every offending variable. */
export class ClientAppConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid client app configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Reads and validates the environment. This is the only place in the client app that reads `process.env`;
 * callers may pass a plain object instead (tests do).
 */
export function loadClientAppConfig(env: EnvironmentSource = process.env): ClientAppConfig {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new ClientAppConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  const metrics = metricsSettings({ port: values.CLIENT_APP_METRICS_PORT, host: values.CLIENT_APP_METRICS_HOST, token: values.CLIENT_APP_METRICS_TOKEN });
  const problems = [
    ...consistencyProblems(values),
    ...metricsProblems(metrics, { host: 'CLIENT_APP_METRICS_HOST', token: 'CLIENT_APP_METRICS_TOKEN' }),
    ...(values.NODE_ENV === 'production' ? productionProblems(values) : []),
  ];
  if (problems.length > 0) throw new ClientAppConfigError(problems);

  return {
    env: values.NODE_ENV,
    logLevel: values.LOG_LEVEL,
    http: { host: values.CLIENT_APP_HOST, port: values.CLIENT_APP_PORT, trustProxy: values.TRUST_PROXY },
    url: values.CLIENT_APP_URL,
    session: {
      secret: values.CLIENT_APP_SESSION_SECRET,
      csrfSecret: deriveKey(values.CLIENT_APP_SESSION_SECRET, 'client-app csrf'),
      secureCookies: values.CLIENT_APP_URL.startsWith('https:'),
      ...(values.CLIENT_APP_DATABASE_URL
        ? {
            database: {
              url: values.CLIENT_APP_DATABASE_URL,
              timeouts: { connectMs: values.CLIENT_APP_DATABASE_CONNECT_TIMEOUT_MS, queryMs: values.CLIENT_APP_DATABASE_QUERY_TIMEOUT_MS },
            },
          }
        : {}),
    },
    oidc: {
      issuer: values.OIDC_ISSUER,
      clientId: values.CLIENT_APP_CLIENT_ID,
      clientSecret: values.CLIENT_APP_CLIENT_SECRET,
      scope: values.CLIENT_APP_SCOPE.trim().split(/\s+/).join(' '),
      redirectUri: `${values.CLIENT_APP_URL}/callback`,
      postLogoutRedirectUri: `${values.CLIENT_APP_URL}/`,
    },
    ...(metrics ? { metrics } : {}),
    authsignal: authsignalSettings(values),
    passkeys: { enrolmentAction: values.PASSKEY_ENROLMENT_ACTION, recentSignInSeconds: values.RECENT_SIGN_IN_SECONDS, requiredAcr: values.PASSKEYS_REQUIRED_ACR },
  };
}

function consistencyProblems(values: Environment): string[] {
  // The app speaks plain http, so an https URL means a TLS-terminating proxy; unless we trust its
  // X-Forwarded-Proto, express-session sees an insecure request and silently never sets the Secure cookie.
  return values.CLIENT_APP_URL.startsWith('https:') && !values.TRUST_PROXY
    ? ['TRUST_PROXY: must be true when CLIENT_APP_URL is https (the app runs behind a TLS-terminating proxy)']
    : [];
}

function productionProblems(values: Environment): string[] {
  const problems: string[] = [];
  for (const name of ['CLIENT_APP_CLIENT_SECRET', 'CLIENT_APP_SESSION_SECRET'] as const) {
    if (values[name] === CLIENT_APP_DEVELOPMENT_SECRETS[name]) problems.push(`${name}: the development secret is not allowed in production`);
  }
  if (!values.CLIENT_APP_URL.startsWith('https:')) problems.push('CLIENT_APP_URL: must be https in production');
  if (!values.OIDC_ISSUER.startsWith('https:')) problems.push('OIDC_ISSUER: must be https in production');
  // Sessions in memory are lost at every restart and invisible to a second instance and to its logouts.
  if (!values.CLIENT_APP_DATABASE_URL) problems.push('CLIENT_APP_DATABASE_URL: required in production (the sessions every instance shares)');
  problems.push(...authsignalProductionProblems(values));
  return problems;
}

/** A separate key per purpose, so a leaked CSRF key says nothing about the session key. */
function deriveKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose).digest('base64url');
}
