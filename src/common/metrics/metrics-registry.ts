import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per app, never prom-client's global one: the identity server and the client app share
 * a process in `npm start` and in the tests, and each must serve only its own figures. Every series is
 * labelled with the app, and the registry also collects Node's process metrics (CPU, memory, event loop
 * lag, garbage collection).
 */
export function newMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
