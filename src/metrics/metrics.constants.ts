/**
 * Injection token of the identity server's prom-client `Registry`: what `/metrics` serves. A team's own
 * module injects it to add its metrics (`new Counter({ …, registers: [registry] })`); see docs/operations.md.
 */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
