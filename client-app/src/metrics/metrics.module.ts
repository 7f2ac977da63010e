import { Global, Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { AuthsignalCallMetrics } from '../../../src/common/metrics/authsignal-call-metrics.js';
import { HttpMetrics } from '../../../src/common/metrics/http-metrics.js';
import { newMetricsRegistry } from '../../../src/common/metrics/metrics-registry.js';
import { MetricsServer } from '../../../src/common/metrics/metrics-server.js';
import type { ClientAppConfig } from '../config/client-app-config.js';
import { CLIENT_APP_CONFIG } from '../config/client-app-config.constants.js';
import { ClientAppMetrics } from './client-app-metrics.js';

/** Injection token of the client app's prom-client `Registry`. */
export const CLIENT_APP_METRICS_REGISTRY = Symbol('CLIENT_APP_METRICS_REGISTRY');

/**
 * The client app's metrics: its registry (its own, apart from the identity server's in a shared
 * process), the recorders, and `/metrics` on its own port (`CLIENT_APP_METRICS_PORT`; off by default).
 */
@Global()
@Module({
  providers: [
    { provide: CLIENT_APP_METRICS_REGISTRY, useFactory: () => newMetricsRegistry('client-app') },
    { provide: ClientAppMetrics, inject: [CLIENT_APP_METRICS_REGISTRY], useFactory: (registry: Registry) => new ClientAppMetrics(registry) },
    { provide: HttpMetrics, inject: [CLIENT_APP_METRICS_REGISTRY], useFactory: (registry: Registry) => new HttpMetrics(registry) },
    { provide: AuthsignalCallMetrics, inject: [CLIENT_APP_METRICS_REGISTRY], useFactory: (registry: Registry) => new AuthsignalCallMetrics(registry) },
    {
      provide: MetricsServer,
      inject: [CLIENT_APP_METRICS_REGISTRY, CLIENT_APP_CONFIG],
      useFactory: (registry: Registry, config: ClientAppConfig) => new MetricsServer(registry, config.metrics),
    },
  ],
  exports: [CLIENT_APP_METRICS_REGISTRY, ClientAppMetrics, HttpMetrics, AuthsignalCallMetrics, MetricsServer],
})
export class MetricsModule {}
