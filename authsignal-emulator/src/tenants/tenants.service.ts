import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EMULATOR_OPTIONS, type ResolvedEmulatorOptions } from '../constants.js';
import type { TenantConfig } from './tenant.config.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The configured tenants, and the emulator's own public URL (known once the server listens). */
@Injectable()
export class TenantsService {
  private ownUrl = 'http://localhost:5003';

  constructor(@Inject(EMULATOR_OPTIONS) private readonly options: ResolvedEmulatorOptions) {}

  all(): TenantConfig[] {
    return this.options.tenants;
  }

  byId(tenantId: string): TenantConfig | undefined {
    return this.options.tenants.find((tenant) => tenant.tenantId === tenantId);
  }

  bySecret(secret: string): TenantConfig | undefined {
    return this.options.tenants.find((tenant) => sameSecret(secret, tenant.apiSecretKey));
  }

  /** Set by `startEmulator` after `listen`, when a port picked by the system is known. */
  setPublicUrl(url: string): void {
    this.ownUrl = url.replace(/\/+$/, '');
  }

  get publicUrl(): string {
    return this.ownUrl;
  }

  get apiUrl(): string {
    return `${this.ownUrl}/v1`;
  }

  /** The tenant's expected origins plus the emulator's own, where the pre-built UI runs its passkey ceremonies. */
  expectedOrigins(tenant: TenantConfig): string[] {
    const own = new URL(this.ownUrl).origin;
    return tenant.expectedOrigins.includes(own) ? tenant.expectedOrigins : [...tenant.expectedOrigins, own];
  }
}
