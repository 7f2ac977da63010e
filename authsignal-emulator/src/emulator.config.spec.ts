import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadEmulatorConfig } from './emulator.config.js';
import { parseTenants } from './tenants/tenant.config.js';

describe('loadEmulatorConfig', () => {
  it('defaults to port 5003 on loopback, the dev tenant and a state file under data/', () => {
    const config = loadEmulatorConfig({});
    expect(config).toMatchObject({ port: 5003, host: '127.0.0.1', logLevel: 'info', stateFile: resolve('data/authsignal-emulator.json') });
    const [tenant] = parseTenants(config.tenants);
    expect(tenant).toMatchObject({
      tenantId: 'dev-tenant',
      apiSecretKey: 'dev-secret',
      rpId: 'localhost',
      expectedOrigins: ['http://localhost:5001', 'http://localhost:5002', 'http://localhost:5003'],
      defaultOutcome: 'CHALLENGE',
      tokenLifetimeSeconds: 600,
      passkeySignInAction: 'passkey-sign-in',
    });
  });

  it('reads the variables, treating empty ones as unset and "memory" as no state file', () => {
    const config = loadEmulatorConfig({
      AUTHSIGNAL_EMULATOR_PORT: '0',
      AUTHSIGNAL_EMULATOR_STATE: 'memory',
      AUTHSIGNAL_EMULATOR_TENANT_ID: 'acme',
      AUTHSIGNAL_EMULATOR_SECRET: '',
      AUTHSIGNAL_EMULATOR_EXPECTED_ORIGINS: 'http://localhost:3000, http://localhost:3001',
      LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({ port: 0, stateFile: null, logLevel: 'silent' });
    expect(parseTenants(config.tenants)[0]).toMatchObject({
      tenantId: 'acme',
      apiSecretKey: 'dev-secret',
      expectedOrigins: ['http://localhost:3000', 'http://localhost:3001'],
    });
  });

  it('reads several tenants from a JSON file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'emulator-config-')), 'tenants.json');
    writeFileSync(file, JSON.stringify({ tenants: [{ tenantId: 'a', apiSecretKey: 'secret-a' }, { tenantId: 'b', apiSecretKey: 'secret-b', defaultOutcome: 'ALLOW' }] }));
    const tenants = parseTenants(loadEmulatorConfig({ AUTHSIGNAL_EMULATOR_TENANTS_FILE: file }).tenants);
    expect(tenants.map((tenant) => [tenant.tenantId, tenant.defaultOutcome])).toEqual([
      ['a', 'CHALLENGE'],
      ['b', 'ALLOW'],
    ]);
  });

  it('explains bad values', () => {
    expect(() => loadEmulatorConfig({ AUTHSIGNAL_EMULATOR_PORT: 'abc' })).toThrow(/AUTHSIGNAL_EMULATOR_PORT/);
    expect(() => parseTenants([{ expectedOrigins: ['http://localhost:5001/'] }])).toThrow(/origin/);
    expect(() => parseTenants([{ tenantId: 'x', apiSecretKey: 's1' }, { tenantId: 'x', apiSecretKey: 's2' }])).toThrow(/duplicate tenantId/);
  });
});
