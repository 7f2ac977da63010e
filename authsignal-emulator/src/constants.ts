import type { TenantConfig } from './tenants/tenant.config.js';

/** Injection token of the options one emulator instance runs with. */
export const EMULATOR_OPTIONS = Symbol('EMULATOR_OPTIONS');

/** Options after defaults: what the Nest module of one emulator instance receives. */
export interface ResolvedEmulatorOptions {
  tenants: TenantConfig[];
  /** JSON file holding the state across restarts; `null` keeps it in memory. */
  stateFile: string | null;
}

