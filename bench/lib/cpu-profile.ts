/** The parts of a V8 CPU profile (`Profiler.stop`, `.cpuprofile` files) that self time needs. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Cost {
  name: string;
  /** Share of the busy (non-idle) sampled time, in percent. */
  percent: number;
  milliseconds: number;
}

/** Where a frame's code lives: a package, Node itself, our code, or a V8 pseudo-frame. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node core';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1];
  const ours = /\/dist\/([^/]+)\//.exec(url);
  return ours ? `ours (${ours[1]}/)` : url;
}

function shortLocation(url: string, line: number): string {
  const trimmed = url.includes('node_modules/') ? url.replace(/^.*node_modules\//, '') : url.replace(/^.*\/dist\//, '').replace(/^file:\/\//, '');
  return trimmed ? `${trimmed}:${line + 1}` : '';
}

/**
 * Self time per function and per area (package), heaviest first, idle time left out: what the event
 * loop spent its time on. Work on libuv threads (argon2) is not sampled here. `idlePercent` is the
 * sampled time the thread waited for anything to do (a server waiting on its database, say).
 */
export function selfTime(profile: CpuProfile): { busyMs: number; idlePercent: number; functions: Cost[]; areas: Cost[] } {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const functionTimes = new Map<string, number>();
  const areaTimes = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  const samples = profile.samples ?? [];
  samples.forEach((nodeId, index) => {
    const node = byNode.get(nodeId);
    const micros = profile.timeDeltas?.[index] ?? 0;
    if (!node) return;
    if (node.callFrame.functionName === '(idle)') return void (idle += micros);
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${shortLocation(url, lineNumber)}`.trim();
    functionTimes.set(name, (functionTimes.get(name) ?? 0) + micros);
    const area = areaOf(url, functionName);
    areaTimes.set(area, (areaTimes.get(area) ?? 0) + micros);
    busy += micros;
  });
  const rank = (times: Map<string, number>): Cost[] =>
    [...times]
      .sort((a, b) => b[1] - a[1])
      .map(([name, micros]) => ({ name, milliseconds: Math.round(micros / 100) / 10, percent: busy > 0 ? Math.round((micros / busy) * 1000) / 10 : 0 }));
  const idlePercent = busy + idle > 0 ? Math.round((idle / (busy + idle)) * 1000) / 10 : 0;
  return { busyMs: Math.round(busy / 1000), idlePercent, functions: rank(functionTimes), areas: rank(areaTimes) };
}
