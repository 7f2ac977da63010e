import type { TenantConfig } from './tenants/tenant.config.js';

/** Injection token of the options one emulator instance runs with. */
export const EMULATOR_OPTIONS = Symbol('EMULATOR_OPTIONS');

/** Options after defaults: what the Nest module of one emulator instance receives. */
export interface ResolvedEmulatorOptions {
  tenants: TenantConfig[];
  /** JSON file holding the state across restarts; `null` keeps it in memory. */
  stateFile: string | null;
}

/** Prefix of Authsignal's API on the emulator origin: both SDKs take `<origin>/v1` as their base URL. */
export const API_PREFIX = '/v1';
