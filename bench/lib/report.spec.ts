import { describe, expect, it } from '@jest/globals';
import { formatTable, resultsTable, type MeasuredRun } from './report.js';

const run = (overrides: Partial<MeasuredRun> = {}): MeasuredRun => ({
  completed: 1000,
  errors: 0,
  durationSeconds: 1,
  perSecond: 1000,
  latencyMs: { p50: 1, p95: 2, p99: 3 },
  serverCores: 1,
  perSecondPerCore: 1000,
  ...overrides,
});

describe('formatTable', () => {
  it('pads text left-aligned and numbers right-aligned under a rule', () => {
    expect(formatTable(['name', 'n'], [['a', '1'], ['bbb', '1,000']])).toBe(['name      n', '----  -----', 'a         1', 'bbb   1,000'].join('\n'));
  });
});

describe('resultsTable', () => {
  it('shows ours beside bare with the ratio', () => {
    const table = resultsTable([{ name: 'jwks', title: 'JWKS', unit: 'requests', ours: run({ perSecond: 900 }), bare: run(), ratio: 0.9 }]);
    expect(table).toContain('JWKS');
    expect(table).toMatch(/900 .* 1,000 .* 0\.90$/m);
  });

  it('says why a workload has no figures', () => {
    expect(resultsTable([{ name: 'passkey', title: 'passkey sign-in', unit: 'flows', notAvailable: 'flow not implemented' }])).toContain(
      'not available: flow not implemented',
    );
  });
});
