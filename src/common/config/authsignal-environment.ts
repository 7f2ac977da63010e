import { z } from 'zod';

/**
 * The three Authsignal variables both apps read. Their defaults point at the local emulator
 * (`authsignal-emulator/`); pointing them at a real tenant is the whole switch to Authsignal.
 */
export const AUTHSIGNAL_DEVELOPMENT_DEFAULTS = {
  AUTHSIGNAL_API_URL: 'http://localhost:5003/v1',
  AUTHSIGNAL_SECRET_KEY: 'dev-secret',
  AUTHSIGNAL_TENANT_ID: 'dev-tenant',
} as const;

export const authsignalEnvironmentShape = {
  AUTHSIGNAL_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.authsignal.com/v1' })
    .transform((value) => value.replace(/\/+$/, ''))
    .default(AUTHSIGNAL_DEVELOPMENT_DEFAULTS.AUTHSIGNAL_API_URL),
  AUTHSIGNAL_SECRET_KEY: z.string().min(1).default(AUTHSIGNAL_DEVELOPMENT_DEFAULTS.AUTHSIGNAL_SECRET_KEY),
  AUTHSIGNAL_TENANT_ID: z.string().min(1).max(128).default(AUTHSIGNAL_DEVELOPMENT_DEFAULTS.AUTHSIGNAL_TENANT_ID),
};

type AuthsignalEnvironment = { [K in keyof typeof authsignalEnvironmentShape]: z.output<(typeof authsignalEnvironmentShape)[K]> };

/** Where and as whom the servers reach Authsignal (server API) and the pages reach it (client API: same base URL). */
export interface AuthsignalSettings {
  /** Base URL of both APIs, e.g. `https://api.authsignal.com/v1`; no trailing slash. */
  apiUrl: string;
  /** Server API secret: never sent to a browser. */
  secretKey: string;
  /** Public: the browser SDK's `tenantId`. */
  tenantId: string;
}

export function authsignalSettings(env: AuthsignalEnvironment): AuthsignalSettings {
  return { apiUrl: env.AUTHSIGNAL_API_URL, secretKey: env.AUTHSIGNAL_SECRET_KEY, tenantId: env.AUTHSIGNAL_TENANT_ID };
}

/** The emulator's well-known secret and plain http have no place in production. */
export function authsignalProductionProblems(env: AuthsignalEnvironment): string[] {
  const problems: string[] = [];
  if (env.AUTHSIGNAL_SECRET_KEY === AUTHSIGNAL_DEVELOPMENT_DEFAULTS.AUTHSIGNAL_SECRET_KEY) {
    problems.push('AUTHSIGNAL_SECRET_KEY: the emulator secret is not allowed in production');
  }
  if (!env.AUTHSIGNAL_API_URL.startsWith('https:')) problems.push('AUTHSIGNAL_API_URL: must be https in production');
  return problems;
}
