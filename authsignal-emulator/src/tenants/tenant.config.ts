import { z } from 'zod';
import { ACTION_CODE_PATTERN, ACTION_OUTCOMES, SUPPORTED_METHODS } from '../common/authsignal.types.js';

/** Ports of the identity server, the client app and the emulator itself in development (DESIGN.md). */
export const DEFAULT_EXPECTED_ORIGINS = ['http://localhost:5001', 'http://localhost:5002', 'http://localhost:5003'];

const originSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.origin === value && (url.protocol === 'http:' || url.protocol === 'https:');
  } catch {
    return false;
  }
}, 'must be an origin such as http://localhost:5001 (scheme, host and port, no path or trailing slash)');

const actionCodeSchema = z.string().regex(ACTION_CODE_PATTERN, 'must match ^[a-zA-Z0-9_-]{1,64}$');

/** One emulated Authsignal tenant. Every field has a development default (see `defaultTenant()`). */
export const tenantConfigSchema = z.object({
  tenantId: z.string().min(1).default('dev-tenant'),
  apiSecretKey: z.string().min(1).default('dev-secret'),
  /** WebAuthn relying party: `localhost` covers every port in development. */
  rpId: z.string().min(1).default('localhost'),
  rpName: z.string().min(1).default('Local identity server'),
  /** Origins allowed in WebAuthn client data and as targets of the pre-built UI's messages. */
  expectedOrigins: z.array(originSchema).default(DEFAULT_EXPECTED_ORIGINS),
  /** Outcome for users with at least one authenticator, when `actionOutcomes` names no rule for the action. */
  defaultOutcome: z.enum(ACTION_OUTCOMES).default('CHALLENGE'),
  /** Per action code outcome for enrolled users, e.g. `{ "transfer": "BLOCK" }`. */
  actionOutcomes: z.record(actionCodeSchema, z.enum(ACTION_OUTCOMES)).default({}),
  allowedVerificationMethods: z.array(z.enum(SUPPORTED_METHODS)).min(1).default([...SUPPORTED_METHODS]),
  /** Lifetime of every client token (track tokens and tokens returned after a challenge). */
  tokenLifetimeSeconds: z.number().int().min(1).max(86_400).default(600),
  /** Action code given to anonymous passkey sign-ins (`passkey.signIn({ autofill: true })` without `action`). */
  passkeySignInAction: actionCodeSchema.default('passkey-sign-in'),
  /** `required` makes the emulator refuse passkey ceremonies without the UV flag. */
  userVerification: z.enum(['required', 'preferred']).default('required'),
  /** How long an email OTP code is valid (client API and server challenges); Authsignal's default is 10 minutes. */
  emailOtpLifetimeSeconds: z.number().int().min(1).max(86_400).default(600),
  /** Wrong OTP codes allowed per action (client API) or per challenge (server API) before lock-out. */
  maxOtpAttempts: z.number().int().min(1).max(100).default(5),
  /** Email OTP sends allowed per address in a 10-minute window before `too_many_requests`. */
  maxEmailsPer10Minutes: z.number().int().min(1).max(1000).default(12),
});

export type TenantConfig = z.output<typeof tenantConfigSchema>;
export type TenantConfigInput = z.input<typeof tenantConfigSchema>;

/** The development tenant: `dev-tenant` / `dev-secret`, RP ID `localhost`, origins :5001–:5003. */
export function defaultTenant(overrides: TenantConfigInput = {}): TenantConfig {
  return tenantConfigSchema.parse(overrides);
}

/** Validates a list of tenants: defaults filled in, ids and secrets unique. Throws a readable error otherwise. */
export function parseTenants(input: unknown): TenantConfig[] {
  const result = z
    .array(tenantConfigSchema)
    .min(1, 'at least one tenant is required')
    .superRefine((tenants, context) => {
      const ids = new Set<string>();
      const secrets = new Set<string>();
      tenants.forEach((tenant, index) => {
        if (ids.has(tenant.tenantId)) context.addIssue({ code: 'custom', path: [index, 'tenantId'], message: 'duplicate tenantId' });
        if (secrets.has(tenant.apiSecretKey)) context.addIssue({ code: 'custom', path: [index, 'apiSecretKey'], message: 'duplicate apiSecretKey' });
        ids.add(tenant.tenantId);
        secrets.add(tenant.apiSecretKey);
      });
    })
    .safeParse(input);
  if (!result.success) {
    throw new Error(`Invalid Authsignal emulator tenants: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
