/**
 * Where an app serves `GET /metrics`: a port of its own, never the public one. Off unless a port is
 * set; on loopback unless a host is set, and a host other than loopback needs a bearer token, so the
 * figures are never public by accident.
 */
export interface MetricsSettings {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string;
}

export const METRICS_DEFAULT_HOST = '127.0.0.1';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** The settings, or `undefined` when metrics are off (no port). */
export function metricsSettings(values: { port?: number; host: string; token?: string }): MetricsSettings | undefined {
  if (values.port === undefined) return undefined;
  return { host: values.host, port: values.port, ...(values.token ? { token: values.token } : {}) };
}

/** `names` are the app's variable names for the host and the token. */
export function metricsProblems(settings: MetricsSettings | undefined, names: { host: string; token: string }): string[] {
  if (!settings || settings.token || LOOPBACK_HOSTS.has(settings.host)) return [];
  return [`${names.host}: metrics on ${settings.host} (not loopback) need ${names.token}, or anyone who reaches that address reads them`];
}
