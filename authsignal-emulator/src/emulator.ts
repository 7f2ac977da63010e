import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { type LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EmulatorModule } from './app.module.js';
import { OutboxService } from './outbox/outbox.service.js';
import { setupApp } from './setup-app.js';
import { defaultTenant, parseTenants, type TenantConfig, type TenantConfigInput } from './tenants/tenant.config.js';
import { TenantsService } from './tenants/tenants.service.js';

export { defaultTenant, type TenantConfig, type TenantConfigInput } from './tenants/tenant.config.js';

export interface EmulatorOptions {
  /** Default 5003; `0` picks a free port. */
  port?: number;
  /** Address to listen on; default `127.0.0.1` (loopback only). */
  host?: string;
  /** The URL browsers reach the emulator at; default `http://localhost:<port>` (WebAuthn refuses 127.0.0.1 with RP ID localhost). */
  publicUrl?: string;
  /** Tenants (defaults filled in per field); default one `defaultTenant()`. The first one is `RunningEmulator.tenant`. */
  tenants?: TenantConfigInput[];
  /** JSON file keeping the state across restarts; `null` or absent keeps it in memory (tests). */
  stateFile?: string | null;
  /** `silent`, `error`, `warn`, `info` (default) or `debug`. */
  logLevel?: string;
}

export interface RunningEmulator {
  /** Origin of the emulator, e.g. `http://localhost:5003`: console at `/`, outbox at `/outbox`, pre-built UI at `/prebuilt/`. */
  url: string;
  /** `url + '/v1'`: `apiUrl` of @authsignal/node, `baseUrl` of @authsignal/browser. */
  apiUrl: string;
  /** The first tenant. */
  tenant: TenantConfig;
  tenants: TenantConfig[];
  outbox: { latestCode(email: string): string | undefined };
  /** The Nest application itself (tests read its routes). */
  app: NestExpressApplication;
  /** Stops the server (open connections included) and writes the state file. */
  close(): Promise<void>;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const LEVEL_INDEX: Record<string, number> = { fatal: 0, error: 1, warn: 2, info: 3, log: 3, debug: 4, trace: 5, verbose: 5 };

function nestLogLevels(level = 'info'): LogLevel[] | false {
  if (level === 'silent') return false;
  return LEVELS.slice(0, (LEVEL_INDEX[level] ?? LEVEL_INDEX.info) + 1);
}

/** Starts one emulator: a Nest app serving Authsignal's server and client APIs, the pre-built UI, outbox and console. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const tenants = parseTenants(options.tenants ?? [defaultTenant()]);
  const logger = nestLogLevels(options.logLevel);
  // Nest's list of mapped routes is noise at `info`: boot quietly, then log at the requested level.
  const bootLogger = logger && !logger.includes('debug') ? logger.filter((level) => level !== 'log') : logger;
  const app = await NestFactory.create<NestExpressApplication>(
    EmulatorModule.forRoot({ tenants, stateFile: options.stateFile ?? null }),
    { logger: bootLogger, bodyParser: false, forceCloseConnections: true, abortOnError: false },
  );
  setupApp(app, tenants);
  try {
    await app.listen(options.port ?? 5003, options.host ?? '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  app.useLogger(logger);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  app.get(TenantsService).setPublicUrl(url);
  const outbox = app.get(OutboxService);
  new Logger('AuthsignalEmulator').log(`Listening on ${url} (API ${url}/v1, tenants ${tenants.map((tenant) => tenant.tenantId).join(', ')})`);
  return {
    url,
    apiUrl: `${url}/v1`,
    tenant: tenants[0],
    tenants,
    outbox: { latestCode: (email) => outbox.latest(email)?.code },
    app,
    close: () => app.close(),
  };
}
