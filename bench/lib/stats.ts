/** Figures of one workload run: what the table, the JSON and the chart show. */
export interface LoadSummary {
  /** Completed operations (requests, or whole flows) that succeeded. */
  completed: number;
  errors: number;
  durationSeconds: number;
  /** Successful operations per second over the measured window. */
  perSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

/**
 * Nearest-rank percentile of an ascending list: the smallest value with at least `p` percent of the
 * values at or below it. Exact (no histogram buckets), so small samples are not smeared.
 */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1];
}

export function summarize(latenciesMs: readonly number[], errors: number, durationSeconds: number): LoadSummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    completed: sorted.length,
    errors,
    durationSeconds: round(durationSeconds),
    perSecond: durationSeconds > 0 ? round(sorted.length / durationSeconds) : 0,
    latencyMs: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)) },
  };
}

/** ours / bare, rounded to two places; undefined when there is nothing to compare against. */
export function ratio(ours: number, bare: number | undefined): number | undefined {
  if (bare === undefined || bare <= 0) return undefined;
  return Math.round((ours / bare) * 100) / 100;
}

/** How many cores a process kept busy: CPU time (user + system) over wall time. */
export function coresUsed(cpuMicros: number, wallSeconds: number): number {
  if (wallSeconds <= 0) return 0;
  return Math.round((cpuMicros / 1e6 / wallSeconds) * 100) / 100;
}
