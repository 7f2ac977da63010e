import { describe, expect, it } from '@jest/globals';
import type { MeasuredRun, ProviderSignIn, WorkloadResult } from './report.js';
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
    const targets = Object.fromEntries(issueTargets(results, 60, 'PostgreSQL').map((target) => [target.target.split(' ')[0], target]));
    expect(targets.discovery).toMatchObject({ measured: '0.91', met: true });
    expect(targets.JWKS).toMatchObject({ measured: 'not measured', met: false });
    expect(targets.client_credentials).toMatchObject({ measured: '0.79', met: false });
    expect(targets.refresh).toMatchObject({ measured: '0.50', met: true });
    expect(targets.password).toMatchObject({ measured: '48 /s/core (80 %)', met: true });
    expect(targets.passkey).toMatchObject({ measured: '199 /s/core', met: false });
  });
});

describe(`${issueTargets.name}: bounds`, () => {
  const measured = (perSecond: number, perSecondPerCore = perSecond): MeasuredRun => ({ ...run(perSecondPerCore), perSecond });

  it('names the database as the bound where the bare provider on it misses the target by itself, and only there', () => {
    const results: WorkloadResult[] = [
      // The bare provider on the database keeps 0.30 of itself in memory: 0.5 is out of its reach.
      { name: 'refresh', title: 'refresh', unit: 'requests', ours: measured(330), bare: measured(1000), ratio: 0.33, bareOnDatabase: measured(300), ratioToBareOnDatabase: 1.1 },
      // It keeps 0.85 here: 0.8 is within its reach, so what is missing is ours.
      { name: 'client-credentials', title: 'client_credentials', unit: 'requests', ours: measured(500), bare: measured(1000), ratio: 0.5, bareOnDatabase: measured(850), ratioToBareOnDatabase: 0.59 },
      { name: 'discovery', title: 'discovery', unit: 'requests', ours: measured(800), bare: measured(1000), ratio: 0.8 },
    ];
    const targets = Object.fromEntries(issueTargets(results, 60, 'PGlite').map((target) => [target.target.split(' ')[0], target]));
    expect(targets.refresh).toMatchObject({ measured: '0.33; 1.10 of bare on PGlite', met: false, bound: 'the database: the bare provider on PGlite reaches 0.30 of itself in memory' });
    expect(targets.client_credentials).toMatchObject({ measured: '0.50; 0.59 of bare on PGlite', met: false });
    expect(targets.client_credentials.bound).toBeUndefined();
    expect(targets.discovery.bound).toBeUndefined();
  });

  it("names the provider's own flow where the bare provider's password sign-ins miss the target with the same hash", () => {
    const results: WorkloadResult[] = [{ name: 'password-sign-in', title: 'password', unit: 'flows', ours: run(40), bare: run(50) }];
    const targets = Object.fromEntries(issueTargets(results, 100, 'PostgreSQL').map((target) => [target.target.split(' ')[0], target]));
    expect(targets.password).toMatchObject({ met: false, bound: "the provider's own flow: the bare provider in memory reaches 50 % of the hash rate per core (ours 0.80 of it)" });
  });

  it('takes the bare provider on the same database as ours for the password sign-ins, where it ran there', () => {
    const results: WorkloadResult[] = [{ name: 'password-sign-in', title: 'password', unit: 'flows', ours: run(30), bare: run(50), bareOnDatabase: run(40) }];
    const targets = Object.fromEntries(issueTargets(results, 100, 'PostgreSQL').map((target) => [target.target.split(' ')[0], target]));
    expect(targets.password.bound).toBe("the provider's own flow: the bare provider on PostgreSQL reaches 40 % of the hash rate per core (ours 0.75 of it)");
  });

  it('names no bound where the bare provider would meet the password target', () => {
    const results: WorkloadResult[] = [{ name: 'password-sign-in', title: 'password', unit: 'flows', ours: run(40), bare: run(90) }];
    const targets = Object.fromEntries(issueTargets(results, 100, 'PostgreSQL').map((target) => [target.target.split(' ')[0], target]));
    expect(targets.password.bound).toBeUndefined();
  });
});

describe(`${issueTargets.name}: the passkey target's bound`, () => {
  const providerSignIn = (perSecondPerCore: number, overrides: Partial<ProviderSignIn> = {}): ProviderSignIn => ({ ...run(perSecondPerCore), where: 'PGlite', ...overrides });
  // The bare provider's password sign-ins: 50 /s/core with a 100 /s hash would derive 100 /s/core without it.
  const results: WorkloadResult[] = [
    { name: 'password-sign-in', title: 'password', unit: 'flows', ours: run(40), bare: run(50) },
    { name: 'passkey-sign-in', title: 'passkey', unit: 'flows', ours: run(90) },
  ];
  const passkeyTarget = (provider?: ProviderSignIn) => issueTargets(results, 100, 'PGlite', provider).find((target) => target.target.startsWith('passkey'))!;

  it("names the provider's own sign-in with no credential check, measured, where it misses 200 /s per core by itself", () => {
    expect(passkeyTarget(providerSignIn(150))).toMatchObject({
      met: false,
      bound: "the provider's own flow: the bare provider's sign-in with no credential check, on PGlite, reaches 150 /s per core (ours 0.60 of it)",
    });
    expect(passkeyTarget(providerSignIn(120, { where: 'memory' })).bound).toBe(
      "the provider's own flow: the bare provider's sign-in with no credential check, in memory, reaches 120 /s per core (ours 0.75 of it)",
    );
  });

  it('names no bound where the provider reaches 200 /s per core: what is missing is ours', () => {
    const target = passkeyTarget(providerSignIn(200));
    expect(target.bound).toBeUndefined();
    expect(target.boundNotMeasured).toBeUndefined();
  });

  it('derives no bound from the password sign-ins where the provider sign-in was not measured, and says it was not', () => {
    const target = passkeyTarget(undefined);
    expect(target.bound).toBeUndefined();
    expect(target.boundNotMeasured).toBe("the provider's own sign-in (provider-sign-in) did not run");
  });

  it('takes no bound from a provider sign-in that had errors', () => {
    const target = passkeyTarget(providerSignIn(150, { errors: 3 }));
    expect(target.bound).toBeUndefined();
    expect(target.boundNotMeasured).toBe("the provider's own sign-in (provider-sign-in) failed");
  });

  it('looks for no bound where the passkey target is met or not measured', () => {
    const met = issueTargets([{ name: 'passkey-sign-in', title: 'passkey', unit: 'flows', ours: run(210) }], 100, 'PGlite', providerSignIn(150));
    const notMeasured = issueTargets([], 100, 'PGlite');
    for (const target of [met, notMeasured].map((targets) => targets.find((candidate) => candidate.target.startsWith('passkey'))!)) {
      expect(target.bound).toBeUndefined();
      expect(target.boundNotMeasured).toBeUndefined();
    }
  });
});
