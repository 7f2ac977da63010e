import type { LoadSummary } from './stats.js';

/** One server's figures for one workload, with the CPU it spent. */
export interface MeasuredRun extends LoadSummary {
  /** CPU seconds of the server process per wall second during the run (argon2 runs on libuv threads, so > 1 is possible). */
  serverCores: number;
  /** `perSecond / serverCores`: the throughput one fully busy core would give. */
  perSecondPerCore: number;
  /** CPU of the Authsignal emulator, for the flows that call it. */
  emulatorCores?: number;
  /** The share of the time the embedded database's thread was busy (PGlite): near 1, it is the bound. */
  databaseThreadBusy?: number;
  /** What one operation costs in round trips. */
  perOperation?: PerOperation;
}

/** Per operation (a request, or a whole flow): HTTP requests to the server, and on ours the SQL it ran. */
export interface PerOperation {
  requests: number;
  statements?: number;
  writes?: number;
  /** Commits that made writes durable: what waits for the disk. */
  commits?: number;
  /** Each statement's count per operation, most frequent first. */
  byStatement?: Record<string, number>;
}

export interface WorkloadResult {
  name: string;
  title: string;
  unit: 'requests' | 'flows';
  ours?: MeasuredRun;
  bare?: MeasuredRun;
  /** ours / bare requests per second, where the bare provider serves the workload. */
  ratio?: number;
  /**
   * The bare provider on the kind of database ours runs on (PostgreSQL, or a PGlite of its own;
   * `bench/servers/sql-adapter.ts`), where the workload touches the storage: what a database costs the
   * provider itself, without our layers.
   */
  bareOnDatabase?: MeasuredRun;
  /** ours / bare on that database. */
  ratioToBareOnDatabase?: number;
  /** Why the workload was not measured, instead of a number that means nothing. */
  notAvailable?: string;
}

/**
 * The bare provider's own sign-in flow with no credential check (its bench-only `UNCHECKED_USER`): the most
 * a credential-less sign-in (a passkey) through the same provider reaches per core. `where` is the database
 * it stored on ('PGlite', 'PostgreSQL'), or 'memory'.
 */
export interface ProviderSignIn extends MeasuredRun {
  where: string;
}

/** The failed operations of a workload, on every side that ran it: any one makes its figures worthless. */
export const errorsOf = (result: WorkloadResult): number => (result.ours?.errors ?? 0) + (result.bare?.errors ?? 0) + (result.bareOnDatabase?.errors ?? 0);

const number = (value: number | undefined, digits = 0) =>
  value === undefined ? '–' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A plain-text table with a header rule, columns padded to their widest cell (numbers right-aligned). */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const isNumeric = (column: number) => rows.some((row) => /^[\d,.–×x-]+$/.test(row[column] ?? '')) && column > 0;
  const line = (cells: string[]) =>
    cells.map((cell, column) => (isNumeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** The results table printed at the end of a run (with the bare provider on `database`, where it was measured). */
export function resultsTable(results: WorkloadResult[], database: string): string {
  const onDatabase = results.some((result) => result.bareOnDatabase);
  const databaseThread = results.some((result) => result.ours?.databaseThreadBusy !== undefined);
  const header = [
    'workload', 'ours/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'cores', 'ours/s/core', 'bare/s', 'bare p50', 'ratio',
    ...(onDatabase ? [`bare on ${database}/s`, 'ratio to it'] : []),
    ...(databaseThread ? ['PGlite thread busy'] : []),
  ];
  const rows = results.map((result) => {
    if (!result.ours) return [result.title, 'n/a'];
    const { ours, bare, bareOnDatabase } = result;
    return [
      result.title,
      number(ours.perSecond),
      number(ours.latencyMs.p50, 1),
      number(ours.latencyMs.p95, 1),
      number(ours.latencyMs.p99, 1),
      number(errorsOf(result)),
      number(ours.serverCores, 2),
      number(ours.perSecondPerCore),
      number(bare?.perSecond),
      number(bare?.latencyMs.p50, 1),
      number(result.ratio, 2),
      ...(onDatabase ? [number(bareOnDatabase?.perSecond), number(result.ratioToBareOnDatabase, 2)] : []),
      ...(databaseThread ? [ours.databaseThreadBusy === undefined ? '–' : `${Math.round(ours.databaseThreadBusy * 100)} %`] : []),
    ];
  });
  const reasons = results.filter((result) => !result.ours).map((result) => `${result.title}: not available: ${result.notAvailable ?? 'not run'}`);
  return [formatTable(header, rows), ...reasons].join('\n');
}

/** The per-layer table: each stack's discovery throughput against the bare provider's, the same provider behind each. */
export function layersTable(layers: Array<{ title: string; perSecond: number; perSecondPerCore: number; p50Ms: number; errors: number; ratio?: number }>): string {
  const header = ['stack in front of the same provider', 'req/s', 'req/s/core', 'p50 ms', 'errors', 'ratio to bare'];
  return formatTable(header, layers.map((layer) => [layer.title, number(layer.perSecond), number(layer.perSecondPerCore), number(layer.p50Ms, 1), number(layer.errors), number(layer.ratio, 2)]));
}

/** The round-trip table: per operation, the HTTP requests and the SQL statements, writes and commits on our side. */
export function roundTripTable(results: WorkloadResult[]): string {
  const header = ['workload (per operation)', 'HTTP requests', 'SQL statements', 'writes', 'commits'];
  const rows = results
    .filter((result) => result.ours?.perOperation)
    .map((result) => {
      const figures = result.ours!.perOperation!;
      return [result.title, number(figures.requests, 1), number(figures.statements, 1), number(figures.writes, 1), number(figures.commits, 1)];
    });
  return formatTable(header, rows);
}

/** One of issue 12's targets, as a run measured it. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
  /**
   * Where a target is not met and the same run shows the library underneath cannot meet it either
   * (the bare provider on the same database, or with the same hash): that bound, measured. Absent
   * when the run shows no such bound, i.e. what is missing is ours.
   */
  bound?: string;
  /**
   * Where a target is not met and the phase that measures its bound did not run or failed (`--only`):
   * why, so the table does not call the shortfall ours without having looked.
   */
  boundNotMeasured?: string;
}

/** The targets table: each target, what this run measured, whether it is met, and where not, the bound the run measured outside our code. */
export function targetsTable(targets: TargetResult[]): string {
  return formatTable(
    ['target (issue 12)', 'this run', 'met', 'bound outside our code, measured'],
    targets.map((target) => [target.target, target.measured, target.met ? 'yes' : 'no', boundCell(target)]),
  );
}

/**
 * Nothing for a target met or not measured; else the bound the run measured, or why it could not look for
 * one, or that it found none: what is missing is ours.
 */
function boundCell(target: TargetResult): string {
  if (target.met || target.measured === 'not measured') return '';
  if (target.bound) return target.bound;
  return target.boundNotMeasured ? `not measured: ${target.boundNotMeasured}` : 'none: what is missing is ours';
}
