import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { EmulatorOptions } from './emulator.js';
import { type TenantConfigInput, DEFAULT_EXPECTED_ORIGINS } from './tenants/tenant.config.js';

/**
 * The only place the emulator reads environment variables. Every variable is optional:
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | AUTHSIGNAL_EMULATOR_PORT | 5003 | port (0 = any free port) |
 * | AUTHSIGNAL_EMULATOR_HOST | 127.0.0.1 | listen address |
 * | AUTHSIGNAL_EMULATOR_PUBLIC_URL | http://localhost:<port> | URL browsers use to reach it |
 * | AUTHSIGNAL_EMULATOR_STATE | data/authsignal-emulator.json | state file; `memory` keeps state in memory |
 * | AUTHSIGNAL_EMULATOR_TENANTS_FILE | – | JSON file: an array of tenants, or `{ "tenants": [...] }` |
 * | AUTHSIGNAL_EMULATOR_TENANT_ID | dev-tenant | tenant id (when no tenants file) |
 * | AUTHSIGNAL_EMULATOR_SECRET | dev-secret | API secret key (when no tenants file) |
 * | AUTHSIGNAL_EMULATOR_RP_ID | localhost | passkey relying party id (when no tenants file) |
 * | AUTHSIGNAL_EMULATOR_EXPECTED_ORIGINS | http://localhost:5001,…:5002,…:5003 | comma-separated (when no tenants file) |
 * | AUTHSIGNAL_EMULATOR_LOG_LEVEL, else LOG_LEVEL | info | silent, error, warn, info, debug |
 */

const envSchema = z.object({
  AUTHSIGNAL_EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(5003),
  AUTHSIGNAL_EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  AUTHSIGNAL_EMULATOR_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTHSIGNAL_EMULATOR_STATE: z.string().default('data/authsignal-emulator.json'),
  AUTHSIGNAL_EMULATOR_TENANTS_FILE: z.string().min(1).optional(),
  AUTHSIGNAL_EMULATOR_TENANT_ID: z.string().min(1).optional(),
  AUTHSIGNAL_EMULATOR_SECRET: z.string().min(1).optional(),
  AUTHSIGNAL_EMULATOR_RP_ID: z.string().min(1).optional(),
  AUTHSIGNAL_EMULATOR_EXPECTED_ORIGINS: z.string().min(1).optional(),
  AUTHSIGNAL_EMULATOR_LOG_LEVEL: z.enum(['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
  LOG_LEVEL: z.string().optional(),
});

function readTenantsFile(file: string): TenantConfigInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`AUTHSIGNAL_EMULATOR_TENANTS_FILE ${file}: ${(error as Error).message}`);
  }
  const tenants = Array.isArray(parsed) ? parsed : (parsed as { tenants?: unknown } | null)?.tenants;
  if (!Array.isArray(tenants)) throw new Error(`AUTHSIGNAL_EMULATOR_TENANTS_FILE ${file}: expected an array of tenants or { "tenants": [...] }`);
  return tenants as TenantConfigInput[];
}

/** Options for `startEmulator` from environment variables (validated; a bad value throws a readable error). */
export function loadEmulatorConfig(env: Record<string, string | undefined> = process.env): EmulatorOptions & { port: number; host: string } {
  // An empty variable counts as unset.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) throw new Error(`Invalid Authsignal emulator configuration: ${z.prettifyError(parsed.error)}`);
  const vars = parsed.data;
  const tenants: TenantConfigInput[] = vars.AUTHSIGNAL_EMULATOR_TENANTS_FILE
    ? readTenantsFile(vars.AUTHSIGNAL_EMULATOR_TENANTS_FILE)
    : [
        {
          tenantId: vars.AUTHSIGNAL_EMULATOR_TENANT_ID,
          apiSecretKey: vars.AUTHSIGNAL_EMULATOR_SECRET,
          rpId: vars.AUTHSIGNAL_EMULATOR_RP_ID,
          expectedOrigins: vars.AUTHSIGNAL_EMULATOR_EXPECTED_ORIGINS?.split(',').map((origin) => origin.trim()).filter(Boolean) ?? DEFAULT_EXPECTED_ORIGINS,
        },
      ];
  const state = vars.AUTHSIGNAL_EMULATOR_STATE.trim();
  return {
    port: vars.AUTHSIGNAL_EMULATOR_PORT,
    host: vars.AUTHSIGNAL_EMULATOR_HOST,
    publicUrl: vars.AUTHSIGNAL_EMULATOR_PUBLIC_URL,
    tenants,
    stateFile: state === '' || state === 'memory' ? null : resolve(state),
    logLevel: vars.AUTHSIGNAL_EMULATOR_LOG_LEVEL ?? vars.LOG_LEVEL ?? 'info',
  };
}
