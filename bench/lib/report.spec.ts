import { describe, expect, it } from '@jest/globals';
import { formatTable, resultsTable, targetsTable, type MeasuredRun } from './report.js';

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
    const table = resultsTable([{ name: 'jwks', title: 'JWKS', unit: 'requests', ours: run({ perSecond: 900 }), bare: run(), ratio: 0.9 }], 'PostgreSQL');
    expect(table).toContain('JWKS');
    expect(table).toMatch(/900 .* 1,000 .* 0\.90$/m);
  });

  it('adds the bare provider on the database and the ratio to it where it was measured, and counts its errors', () => {
    const table = resultsTable(
      [
        { name: 'refresh', title: 'refresh', unit: 'requests', ours: run({ perSecond: 450 }), bare: run({ perSecond: 1500 }), ratio: 0.3, bareOnDatabase: run({ perSecond: 400, errors: 2 }), ratioToBareOnDatabase: 1.13 },
        { name: 'jwks', title: 'JWKS', unit: 'requests', ours: run({ perSecond: 900 }), bare: run(), ratio: 0.9 },
      ],
      'PGlite',
    );
    expect(table.split('\n')[0]).toMatch(/bare on PGlite\/s +ratio to it$/);
    expect(table).toMatch(/^refresh +450 .* 2 .* 1,500 .* 0\.30 +400 +1\.13$/m);
    expect(table).toMatch(/^JWKS .* 0\.90 +– +–$/m);
  });

  it('shows how busy the embedded database thread was, where it was measured', () => {
    const table = resultsTable([
      { name: 'refresh', title: 'refresh', unit: 'requests', ours: run({ perSecond: 320, databaseThreadBusy: 0.97 }), bare: run({ perSecond: 1500 }), ratio: 0.21 },
      { name: 'jwks', title: 'JWKS', unit: 'requests', ours: run({ perSecond: 900 }), bare: run(), ratio: 0.9 },
    ], 'PGlite');
    expect(table.split('\n')[0]).toMatch(/PGlite thread busy$/);
    expect(table).toMatch(/^refresh .* 0\.21 +97 %$/m);
    expect(table).toMatch(/^JWKS .* 0\.90 +–$/m);
  });

  it('says why a workload has no figures', () => {
    expect(resultsTable([{ name: 'passkey', title: 'passkey sign-in', unit: 'flows', notAvailable: 'flow not implemented' }], 'PostgreSQL')).toContain(
      'not available: flow not implemented',
    );
  });
});

describe('targetsTable', () => {
  it('gives a target missed its measured bound, or says that what is missing is ours', () => {
    const table = targetsTable([
      { target: 'refresh ≥ 0.5 of bare', measured: '0.30', met: false, bound: 'the database: …' },
      { target: 'discovery ≥ 0.9 of bare', measured: '0.80', met: false },
      { target: 'JWKS ≥ 0.9 of bare', measured: '0.95', met: true },
      { target: 'passkey sign-ins ≥ 200 /s per core', measured: 'not measured', met: false },
    ]);
    expect(table).toMatch(/^refresh .* 0\.30 +no +the database: …$/m);
    expect(table).toMatch(/^discovery .* 0\.80 +no +none: what is missing is ours$/m);
    expect(table).toMatch(/^JWKS .* 0\.95 +yes$/m);
    expect(table).toMatch(/^passkey .* not measured +no$/m);
  });

  it('says a bound was not measured, rather than that what is missing is ours, where its phase did not run', () => {
    const table = targetsTable([{ target: 'passkey sign-ins ≥ 200 /s per core', measured: '90 /s/core', met: false, boundNotMeasured: 'provider-sign-in did not run' }]);
    expect(table).toMatch(/^passkey .* 90 \/s\/core +no +not measured: provider-sign-in did not run$/m);
    expect(table).not.toContain('what is missing is ours');
  });
});
