import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { authsignalProductionProblems, authsignalSettings } from '../common/config/authsignal-environment.js';
import { type EnvironmentSource, withoutEmptyValues } from '../common/config/environment.js';
import { metricsProblems, metricsSettings } from '../common/config/metrics-environment.js';
import { brandingDirFrom } from '../branding/branding.js';
import type { AppConfig, OidcClientConfig } from './app-config.js';
import { clientFileSchema, DEVELOPMENT_SECRETS, environmentSchema, type Environment } from './config.schema.js';

/** A configuration problem found at boot; its message names every offending variable. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Reads and validates the environment. This is the only place that reads `process.env`;
 * callers pass it in (tests pass a plain object).
 */
export function loadConfig(source: EnvironmentSource = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(source));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const problems = env.NODE_ENV === 'production' ? productionProblems(env) : [];
  if (problems.length > 0) throw new ConfigError(problems);
  const clients = [clientAppClient(env), ...clientsFromFile(env.OIDC_CLIENTS_FILE, env.NODE_ENV)];
  const metrics = metricsSettings({ port: env.METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN });
  const consistencyProblems = [...signingKeyProblems(env, clients), ...metricsProblems(metrics, { host: 'METRICS_HOST', token: 'METRICS_TOKEN' })];
  if (consistencyProblems.length > 0) throw new ConfigError(consistencyProblems);

  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    http: {
      host: env.HOST,
      port: env.PORT,
      trustProxy: env.TRUST_PROXY,
      secureCookies: env.ISSUER.startsWith('https:'),
    },
    issuer: env.ISSUER,
    database: {
      url: env.DATABASE_URL,
      pgliteDataDir: env.PGLITE_DATA_DIR,
      timeouts: { connectMs: env.DATABASE_CONNECT_TIMEOUT_MS, queryMs: env.DATABASE_QUERY_TIMEOUT_MS },
      poolSize: env.DATABASE_POOL_SIZE,
      relaxedCommits: env.DATABASE_RELAXED_COMMITS,
    },
    oidc: {
      cookieKeys: env.COOKIE_KEYS,
      signingKeySecret: env.SIGNING_KEY_SECRET,
      signingKeys: {
        algorithms: env.SIGNING_ALGORITHMS,
        propagationSeconds: env.SIGNING_KEY_PROPAGATION_SECONDS,
        refreshSeconds: env.SIGNING_KEYS_REFRESH_SECONDS,
      },
      clients,
    },
    csrfSecret: env.CSRF_SECRET,
    login: {
      maxFailuresPerAccountAndIp: env.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      failureWindowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    authsignal: {
      ...authsignalSettings(env),
      signInAction: env.AUTHSIGNAL_SIGN_IN_ACTION,
      passkeyAction: env.AUTHSIGNAL_PASSKEY_ACTION,
      emailCodeAction: env.AUTHSIGNAL_EMAIL_CODE_ACTION,
      prebuiltUiOrigins: env.AUTHSIGNAL_PREBUILT_UI_ORIGINS ?? [new URL(env.AUTHSIGNAL_API_URL).origin],
      mfaEnrolment: env.MFA_ENROLMENT ?? env.MFA_ENROLLMENT ?? 'required',
    },
    // Off in production unless chosen: it makes the mailbox a way in, and Authsignal's own email sender is for development only.
    emailCodeSignIn: env.EMAIL_CODE_SIGN_IN ?? env.NODE_ENV !== 'production',
    seedDemoUsers: env.SEED_DEMO_USERS ?? env.NODE_ENV === 'development',
    ...(metrics ? { metrics } : {}),
    brandingDir: brandingDirFrom(env.BRANDING_DIR),
    notices: env.MFA_ENROLLMENT !== undefined && env.MFA_ENROLMENT === undefined ? ['MFA_ENROLLMENT is read as MFA_ENROLMENT; rename it, the old name will go'] : [],
  };
}

function productionProblems(env: Environment): string[] {
  const problems: string[] = [];
  if (env.COOKIE_KEYS.includes(DEVELOPMENT_SECRETS.COOKIE_KEYS)) problems.push('COOKIE_KEYS: the development key is not allowed in production');
  if (env.CSRF_SECRET === DEVELOPMENT_SECRETS.CSRF_SECRET) problems.push('CSRF_SECRET: the development secret is not allowed in production');
  if (env.SIGNING_KEY_SECRET === DEVELOPMENT_SECRETS.SIGNING_KEY_SECRET) {
    problems.push('SIGNING_KEY_SECRET: the development secret is not allowed in production');
  }
  if (env.CLIENT_APP_CLIENT_SECRET === DEVELOPMENT_SECRETS.CLIENT_APP_CLIENT_SECRET) {
    problems.push('CLIENT_APP_CLIENT_SECRET: the development secret is not allowed in production');
  }
  if (env.SEED_DEMO_USERS) problems.push('SEED_DEMO_USERS: demo users are not allowed in production');
  if (!env.ISSUER.startsWith('https:')) problems.push('ISSUER: must be https in production');
  if (env.AUTHSIGNAL_PREBUILT_UI_ORIGINS?.some((origin) => !origin.startsWith('https:'))) problems.push('AUTHSIGNAL_PREBUILT_UI_ORIGINS: must be https in production');
  return [...problems, ...authsignalProductionProblems(env)];
}

/**
 * A client can only be given ID tokens signed with an algorithm the server keeps a key for; and a key
 * must be published by every instance before any signs with it, so the propagation period must span at
 * least one refresh.
 */
function signingKeyProblems(env: Environment, clients: OidcClientConfig[]): string[] {
  const problems = clients
    .filter((client) => client.id_token_signed_response_alg && !env.SIGNING_ALGORITHMS.includes(client.id_token_signed_response_alg))
    .map(
      (client) =>
        `OIDC_CLIENTS_FILE ${client.client_id}: id_token_signed_response_alg ${client.id_token_signed_response_alg} has no signing key; ` +
        `add it to SIGNING_ALGORITHMS (now ${env.SIGNING_ALGORITHMS.join(',')})`,
    );
  if (env.SIGNING_KEY_PROPAGATION_SECONDS < env.SIGNING_KEYS_REFRESH_SECONDS) {
    problems.push('SIGNING_KEY_PROPAGATION_SECONDS: must be at least SIGNING_KEYS_REFRESH_SECONDS, or an instance could sign with a key the others do not publish yet');
  }
  return problems;
}

function clientAppClient(env: Environment): OidcClientConfig {
  return {
    client_id: env.CLIENT_APP_CLIENT_ID,
    client_name: env.CLIENT_APP_NAME,
    client_secret: env.CLIENT_APP_CLIENT_SECRET,
    redirect_uris: [`${env.CLIENT_APP_URL}/callback`],
    post_logout_redirect_uris: [`${env.CLIENT_APP_URL}/`],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    // The client app ends its own sessions when the user signs out here or in another application.
    backchannel_logout_uri: `${env.CLIENT_APP_URL}/backchannel-logout`,
    backchannel_logout_session_required: true,
    firstParty: env.CLIENT_APP_FIRST_PARTY,
    resourceServer: false,
  };
}

function clientsFromFile(path: string | undefined, nodeEnv: Environment['NODE_ENV']): OidcClientConfig[] {
  if (!path) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`OIDC_CLIENTS_FILE: cannot read ${path} as JSON (${(error as Error).message})`]);
  }
  const parsed = clientFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `OIDC_CLIENTS_FILE ${issue.path.join('.')}: ${z.prettifyError(new z.ZodError([issue]))}`));
  }
  if (nodeEnv === 'production') {
    const plainHttp = parsed.data.flatMap((client, index) =>
      (['jwks_uri', 'backchannel_logout_uri'] as const)
        .filter((name) => client[name]?.startsWith('http:'))
        .map((name) => `OIDC_CLIENTS_FILE ${index}.${name}: must be https in production`),
    );
    if (plainHttp.length > 0) throw new ConfigError(plainHttp);
  }
  return parsed.data.map(({ first_party, resource_server, ...client }) => ({
    ...client,
    response_types: client.grant_types.includes('authorization_code') ? ['code'] : [],
    firstParty: first_party,
    resourceServer: resource_server,
  }));
}
