import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ClientAppMetrics } from '../../client-app/src/metrics/client-app-metrics.js';
import { AuthsignalCallMetrics } from '../common/metrics/authsignal-call-metrics.js';
import { HttpMetrics } from '../common/metrics/http-metrics.js';
import { newMetricsRegistry } from '../common/metrics/metrics-registry.js';
import { projectPath } from '../common/web/project-paths.js';
import type { Database } from '../database/database.js';
import { registerDatabasePoolMetrics } from '../common/metrics/database-pool-metrics.js';
import { IdentityServerMetrics } from './identity-server-metrics.js';

/** The series names both apps expose, histograms' included. */
async function exposedNames(): Promise<Set<string>> {
  const identityServer = newMetricsRegistry('identity-server');
  new IdentityServerMetrics(identityServer);
  new HttpMetrics(identityServer);
  new AuthsignalCallMetrics(identityServer);
  registerDatabasePoolMetrics(identityServer, { poolUse: () => ({ total: 1, idle: 1, waiting: 0, max: 10 }) } as unknown as Database);
  const clientApp = newMetricsRegistry('client-app');
  new ClientAppMetrics(clientApp);
  const metrics = [...(await identityServer.getMetricsAsJSON()), ...(await clientApp.getMetricsAsJSON())];
  return new Set(metrics.flatMap(({ name, type }) => (String(type) === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name])));
}

describe('docs/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(projectPath('docs', 'grafana-dashboard.json'), 'utf8')) as { panels: { type: string; targets?: { expr: string }[] }[] };
  const expressions = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);

  it('charts only series the apps expose, so it cannot drift from the code', async () => {
    const exposed = await exposedNames();
    const charted = new Set(expressions.flatMap((expr) => expr.match(/\b(?:idp|http|authsignal|db|client_app|process|nodejs)_[a-z0-9_]+/g) ?? []));
    expect(charted.size).toBeGreaterThan(10);
    expect([...charted].filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('charts every figure of ours', async () => {
    const ours = [...(await exposedNames())].filter((name) => /^(idp|authsignal|db_pool|client_app|http)_/.test(name) && !/_(sum|bucket)$/.test(name));
    const text = expressions.join('\n');
    expect(ours.filter((name) => !text.includes(name.replace(/_count$/, '')))).toEqual([]);
  });
});
