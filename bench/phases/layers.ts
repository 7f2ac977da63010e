import type { CannonRun } from '../load/autocannon.worker.js';
import type { FlowResult } from '../load/flow.worker.js';
import type { Child, ProcessUsage } from '../lib/child-process.js';
import { coresUsed, ratio } from '../lib/stats.js';
import type { Layer } from '../servers/layers.main.js';

export interface LayerResult {
  name: string;
  title: string;
  perSecond: number;
  perSecondPerCore: number;
  p50Ms: number;
  errors: number;
  /** This layer's requests per second over the bare provider's, in the same rounds. */
  ratio?: number;
}

export interface LayerPlan {
  /** Each layer is measured this long in all, in `rounds` slices taken in turn, so a busy spell of the machine falls on every layer alike. */
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
  path: string;
}

/**
 * Discovery through each stack of the per-layer servers (bench/servers/layers.main.ts, each a process
 * whose CPU is measured apart), in rounds: every layer gets a slice in each round, and its figures are
 * the sums over the rounds.
 */
export async function measureLayers(cannon: Child<unknown>, servers: Array<Child<{ layers: Layer[] }>>, plan: LayerPlan): Promise<LayerResult[]> {
  const run = (layer: Layer, seconds: number) =>
    cannon.request<FlowResult>('run', { url: new URL(plan.path, layer.url).toString(), connections: plan.connections, durationSeconds: seconds } satisfies CannonRun);
  const stacks = servers.flatMap((server) => server.ready.layers.map((layer) => ({ layer, server })));
  const totals = new Map(stacks.map(({ layer }) => [layer.name, { completed: 0, errors: 0, seconds: 0, cpuMicros: 0, p50s: [] as number[] }]));
  for (const { layer } of stacks) await run(layer, plan.warmupSeconds);
  for (let round = 0; round < plan.rounds; round++) {
    for (const { layer, server } of stacks) {
      const before = await server.request<ProcessUsage>('usage');
      const result = await run(layer, plan.seconds / plan.rounds);
      const after = await server.request<ProcessUsage>('usage');
      const total = totals.get(layer.name)!;
      total.completed += result.completed;
      total.errors += result.errors;
      total.seconds += (after.at - before.at) / 1000;
      total.cpuMicros += after.cpuMicros - before.cpuMicros;
      total.p50s.push(result.latencyMs.p50);
    }
  }
  const results = stacks.map(({ layer }) => {
    const total = totals.get(layer.name)!;
    const perSecond = Math.round(total.completed / total.seconds);
    const cores = coresUsed(total.cpuMicros, total.seconds);
    const p50s = total.p50s.sort((a, b) => a - b);
    return { name: layer.name, title: layer.title, perSecond, perSecondPerCore: cores > 0 ? Math.round(perSecond / cores) : 0, p50Ms: p50s[Math.floor(p50s.length / 2)], errors: total.errors };
  });
  const bare = results.find((result) => result.name === 'bare')?.perSecond;
  return results.map((result) => ({ ...result, ratio: ratio(result.perSecond, bare) }));
}
