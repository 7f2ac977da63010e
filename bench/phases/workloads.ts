import type { CannonRun } from '../load/autocannon.worker.js';
import type { FlowResult, FlowRun, FlowWorkload } from '../load/flow.worker.js';
import type { Child, ProcessUsage } from '../lib/child-process.js';
import type { MeasuredRun, PerOperation } from '../lib/report.js';
import { coresUsed, summarize } from '../lib/stats.js';
import { MACHINE_CLIENT } from '../servers/bench-fixtures.js';
import type { SqlCounts } from '../servers/counting-database.js';

export type Server = Child<{ issuer: string; database?: string }>;
export type Driver = Child<{ pid: number }>;
export interface Drivers {
  cannon: Driver;
  flows: Driver;
}

/** Where a workload runs: its issuer, and what it needs besides (the emulator, for the flows that use Authsignal). */
export interface Target {
  issuer: string;
  emulator?: { url: string; apiUrl: string };
}

export interface Workload {
  name: string;
  title: string;
  unit: 'requests' | 'flows';
  /** Whether the bare provider serves it too (it has no MFA and no passkeys). */
  bare: boolean;
  /** Whether it reads or writes the provider's storage (discovery and JWKS do not). */
  storage: boolean;
  /** Runs the workload for `seconds`; `timed` is called once the untimed set-up is done, right before the timed part. */
  drive(drivers: Drivers, target: Target, seconds: number, timed: () => Promise<void>): Promise<FlowResult>;
}

export interface LoadPlan {
  connections: { http: number; flows: number };
  totpUsers: number;
}

const machineAuth = `Basic ${Buffer.from(`${MACHINE_CLIENT.clientId}:${MACHINE_CLIENT.clientSecret}`).toString('base64')}`;

/** The bench's workloads, in the order they run. */
export function workloads(plan: LoadPlan): Workload[] {
  const cannon = (request: Omit<CannonRun, 'connections' | 'durationSeconds'>): Workload['drive'] => async (drivers, target, seconds, timed) => {
    await timed();
    return drivers.cannon.request<FlowResult>('run', { ...request, url: new URL(request.url, target.issuer).toString(), connections: plan.connections.http, durationSeconds: seconds });
  };
  const flow = (workload: FlowWorkload, client?: FlowRun['client']) => flowDrive(plan, { workload, client });
  return [
    { name: 'discovery', title: 'discovery', unit: 'requests', bare: true, storage: false, drive: cannon({ url: '/.well-known/openid-configuration' }) },
    { name: 'jwks', title: 'JWKS', unit: 'requests', bare: true, storage: false, drive: cannon({ url: '/jwks' }) },
    // A browser's request (an Origin, which the provider echoes for CORS) is not answered from the published
    // documents: what our layers cost on the provider's own path.
    { name: 'discovery-cors', title: 'discovery from a browser (Origin)', unit: 'requests', bare: true, storage: false, drive: cannon({ url: '/.well-known/openid-configuration', headers: { origin: 'https://app.example' } }) },
    {
      name: 'client-credentials',
      title: 'client_credentials grant',
      unit: 'requests',
      bare: true,
      storage: true,
      drive: cannon({ url: '/token', method: 'POST', headers: { authorization: machineAuth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }),
    },
    { name: 'refresh', title: 'refresh_token grant (rotation)', unit: 'requests', bare: true, storage: true, drive: flow('refresh') },
    { name: 'code-exchange', title: 'authorization code exchange', unit: 'requests', bare: true, storage: true, drive: flow('code-exchange') },
    // The same two grants for a client whose ID tokens are signed with ES256 (issue 12, item 5).
    { name: 'refresh-es256', title: 'refresh_token grant, ES256 ID tokens', unit: 'requests', bare: true, storage: true, drive: flow('refresh', 'es256') },
    { name: 'code-exchange-es256', title: 'authorization code exchange, ES256 ID tokens', unit: 'requests', bare: true, storage: true, drive: flow('code-exchange', 'es256') },
    { name: 'password-sign-in', title: 'password sign-in (no 2nd factor)', unit: 'flows', bare: true, storage: true, drive: flow('password-sign-in') },
    { name: 'mfa-sign-in', title: 'password + MFA (TOTP) sign-in', unit: 'flows', bare: false, storage: true, drive: flow('mfa-sign-in') },
    { name: 'passkey-sign-in', title: 'passkey sign-in', unit: 'flows', bare: false, storage: true, drive: flow('passkey-sign-in') },
  ];
}

/** A flow driven by the flow driver: its untimed set-up (`prepare`), then `timed`, then the timed part (`start`). */
export function flowDrive(plan: LoadPlan, flow: Pick<FlowRun, 'workload' | 'client' | 'username'>): Workload['drive'] {
  return async (drivers, target, seconds, timed) => {
    const run: FlowRun = { ...flow, issuer: target.issuer, emulator: target.emulator, connections: plan.connections.flows, durationSeconds: seconds, totpUsers: plan.totpUsers };
    await drivers.flows.request('prepare', run);
    await timed();
    return drivers.flows.request<FlowResult>('start');
  };
}

/** One server under test: `counts` when it answers `sql-counts` (ours), the emulator when its CPU is worth reporting. */
export interface Side {
  server: Server;
  target: Target;
  counts: boolean;
  emulator?: Child<unknown>;
}

interface Slice {
  result: FlowResult;
  wallSeconds: number;
  cpuMicros: number;
  emulatorCpuMicros?: number;
  /** The embedded database thread's busy time over the slice (PGlite). */
  databaseThread?: { activeMs: number; idleMs: number };
  sql?: SqlCounts;
}

async function slice(side: Side, drivers: Drivers, workload: Workload, seconds: number): Promise<Slice> {
  let before: ProcessUsage | undefined;
  let emulatorBefore: ProcessUsage | undefined;
  const result = await workload.drive(drivers, side.target, seconds, async () => {
    if (side.counts) await side.server.request('sql-counts');
    before = await side.server.request<ProcessUsage>('usage');
    emulatorBefore = side.emulator ? await side.emulator.request<ProcessUsage>('usage') : undefined;
  });
  const after = await side.server.request<ProcessUsage>('usage');
  const emulatorAfter = side.emulator ? await side.emulator.request<ProcessUsage>('usage') : undefined;
  return {
    result,
    wallSeconds: (after.at - before!.at) / 1000,
    cpuMicros: after.cpuMicros - before!.cpuMicros,
    emulatorCpuMicros: emulatorBefore && emulatorAfter ? emulatorAfter.cpuMicros - emulatorBefore.cpuMicros : undefined,
    databaseThread:
      before!.databaseThread && after.databaseThread
        ? { activeMs: after.databaseThread.activeMs - before!.databaseThread.activeMs, idleMs: after.databaseThread.idleMs - before!.databaseThread.idleMs }
        : undefined,
    sql: side.counts ? await side.server.request<SqlCounts>('sql-counts') : undefined,
  };
}

/**
 * A workload on each side (ours, and the bare provider, in memory and on PostgreSQL, where it serves it):
 * a warm-up each, then `rounds` slices taken in turn, ours then the others, so a busy spell of a shared
 * machine falls on all.
 * Figures are over all the slices of a side: throughput, exact latency percentiles, CPU, and per
 * operation the HTTP requests and (ours) the SQL statements, writes and commits.
 */
export async function measureWorkload(
  sides: Side[],
  drivers: Drivers,
  workload: Workload,
  plan: { warmupSeconds: number; seconds: number; rounds: number },
): Promise<Array<MeasuredRun & { errorSamples: string[] }>> {
  const slices: Slice[][] = sides.map(() => []);
  for (const side of sides) await workload.drive(drivers, side.target, plan.warmupSeconds, async () => undefined); // JIT, caches, pools
  for (let round = 0; round < plan.rounds; round++) {
    for (const [index, side] of sides.entries()) slices[index].push(await slice(side, drivers, workload, plan.seconds / plan.rounds));
  }
  return slices.map(combine);
}

function combine(slices: Slice[]): MeasuredRun & { errorSamples: string[] } {
  const sum = (value: (slice: Slice) => number) => slices.reduce((total, slice) => total + value(slice), 0);
  const wall = sum((slice) => slice.wallSeconds);
  const summary = summarize(
    slices.flatMap((slice) => slice.result.latenciesMs),
    sum((slice) => slice.result.errors),
    sum((slice) => slice.result.durationSeconds),
  );
  const serverCores = coresUsed(sum((slice) => slice.cpuMicros), wall);
  const operations = Math.max(1, summary.completed + summary.errors);
  const perOperation = (value: number) => Math.round((value / operations) * 100) / 100;
  const sql = slices.every((slice) => slice.sql) ? slices.map((slice) => slice.sql!) : undefined;
  const perOp: PerOperation = {
    requests: perOperation(sum((slice) => slice.result.requests)),
    ...(sql
      ? {
          statements: perOperation(sql.reduce((total, counts) => total + counts.statements, 0)),
          writes: perOperation(sql.reduce((total, counts) => total + counts.writes, 0)),
          commits: perOperation(sql.reduce((total, counts) => total + counts.commits, 0)),
          byStatement: Object.fromEntries(
            Object.entries(
              sql.reduce<Record<string, number>>((all, counts) => {
                for (const [statement, count] of Object.entries(counts.byStatement)) all[statement] = (all[statement] ?? 0) + count;
                return all;
              }, {}),
            )
              .sort((left, right) => right[1] - left[1])
              .map(([statement, count]) => [statement, perOperation(count)]),
          ),
        }
      : {}),
  };
  const emulatorCpu = slices.every((slice) => slice.emulatorCpuMicros !== undefined) ? sum((slice) => slice.emulatorCpuMicros!) : undefined;
  const databaseActive = sum((slice) => slice.databaseThread?.activeMs ?? 0);
  const databaseTotal = databaseActive + sum((slice) => slice.databaseThread?.idleMs ?? 0);
  return {
    ...summary,
    serverCores,
    perSecondPerCore: serverCores > 0 ? Math.round(summary.perSecond / serverCores) : 0,
    emulatorCores: emulatorCpu === undefined ? undefined : coresUsed(emulatorCpu, wall),
    databaseThreadBusy: slices.every((slice) => slice.databaseThread) && databaseTotal > 0 ? Math.round((databaseActive / databaseTotal) * 100) / 100 : undefined,
    perOperation: perOp,
    errorSamples: [...new Set(slices.flatMap((slice) => slice.result.errorSamples))].slice(0, 5),
  };
}
