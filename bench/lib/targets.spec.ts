import { describe, expect, it } from '@jest/globals';
import type { MeasuredRun, WorkloadResult } from './report.js';
import { issueTargets } from './targets.js';

const run = (perSecondPerCore: number): MeasuredRun => ({
  completed: 100,
  errors: 0,
  durationSeconds: 1,
  perSecond: 100,
  latencyMs: { p50: 1, p95: 2, p99: 3 },
  serverCores: 1,
  perSecondPerCore,
});

describe(issueTargets.name, () => {
  it('judges each ratio against its own threshold and sign-ins per core against the hash rate', () => {
    const results: WorkloadResult[] = [
      { name: 'discovery', title: 'discovery', unit: 'requests', ours: run(1), ratio: 0.91 },
      { name: 'client-credentials', title: 'client_credentials', unit: 'requests', ours: run(1), ratio: 0.79 },
      { name: 'refresh', title: 'refresh', unit: 'requests', ours: run(1), ratio: 0.5 },
      { name: 'password-sign-in', title: 'password', unit: 'flows', ours: run(48) },
      { name: 'passkey-sign-in', title: 'passkey', unit: 'flows', ours: run(199) },
    ];
    const targets = Object.fromEntries(issueTargets(results, 60).map((target) => [target.target.split(' ')[0], target]));
    expect(targets.discovery).toMatchObject({ measured: '0.91', met: true });
    expect(targets.JWKS).toMatchObject({ measured: 'not measured', met: false });
    expect(targets.client_credentials).toMatchObject({ measured: '0.79', met: false });
    expect(targets.refresh).toMatchObject({ measured: '0.50', met: true });
    expect(targets.password).toMatchObject({ measured: '48 /s/core (80 %)', met: true });
    expect(targets.passkey).toMatchObject({ measured: '199 /s/core', met: false });
  });
});
