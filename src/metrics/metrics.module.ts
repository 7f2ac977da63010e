import { Global, Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { AuthsignalCallMetrics } from '../common/metrics/authsignal-call-metrics.js';
import { HttpMetrics } from '../common/metrics/http-metrics.js';
import { newMetricsRegistry } from '../common/metrics/metrics-registry.js';
import { MetricsServer } from '../common/metrics/metrics-server.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DATABASE } from '../database/database.constants.js';
import type { Database } from '../database/database.js';
import { registerDatabasePoolMetrics } from '../common/metrics/database-pool-metrics.js';
import { IdentityServerMetrics } from './identity-server-metrics.js';
import { METRICS_REGISTRY } from './metrics.constants.js';

/**
 * The identity server's metrics: one registry for the app, the recorders the kernel, the steps and the
 * Authsignal wrapper use, and the `/metrics` listener on its own port (`METRICS_PORT`; off by default).
 * Infrastructure, like the database: any module may record; none needs to import this one (global).
 */
@Global()
@Module({
  providers: [
    {
      provide: METRICS_REGISTRY,
      inject: [DATABASE],
      useFactory: (db: Database) => {
        const registry = newMetricsRegistry('identity-server');
        registerDatabasePoolMetrics(registry, db);
        return registry;
      },
    },
    IdentityServerMetrics,
    { provide: HttpMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new HttpMetrics(registry) },
    { provide: AuthsignalCallMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new AuthsignalCallMetrics(registry) },
    { provide: MetricsServer, inject: [METRICS_REGISTRY, APP_CONFIG], useFactory: (registry: Registry, config: AppConfig) => new MetricsServer(registry, config.metrics) },
  ],
  exports: [METRICS_REGISTRY, IdentityServerMetrics, HttpMetrics, AuthsignalCallMetrics, MetricsServer],
})
export class MetricsModule {}
