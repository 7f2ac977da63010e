import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cost, type CpuProfile, selfTime } from '../lib/cpu-profile.js';
import type { Drivers, Server, Target, Workload } from './workloads.js';

/** One server's main thread during one workload, as a run's JSON keeps it (the raw profile goes to `file`). */
export interface ProfileSummary {
  /** Whose profile: `ours`, or the bound's server (`bare on PostgreSQL`). */
  server: string;
  workload: string;
  operations: number;
  busyMs: number;
  /** The sampled time the thread waited for work: a provider bounded by its database waits on it. */
  idlePercent: number;
  topFunctions: Cost[];
  topAreas: Cost[];
  file: string;
}

export interface ProfiledServer {
  name: string;
  server: Server;
  target: Target;
}

/** Samples `profiled`'s main thread while `workload` drives it for `seconds`; writes the raw profile to `directory/file`. */
export async function profileWhileDriving(
  profiled: ProfiledServer,
  workload: Workload,
  drivers: Drivers,
  seconds: number,
  output: { directory: string; file: string },
): Promise<ProfileSummary> {
  const driven = await workload.drive(drivers, profiled.target, seconds, async () => void (await profiled.server.request('profile-start')));
  const raw = await profiled.server.request<CpuProfile>('profile-stop');
  writeFileSync(join(output.directory, output.file), JSON.stringify(raw));
  const costs = selfTime(raw);
  return {
    server: profiled.name,
    workload: workload.name,
    operations: driven.completed,
    busyMs: costs.busyMs,
    idlePercent: costs.idlePercent,
    topFunctions: costs.functions.slice(0, 10),
    topAreas: costs.areas.slice(0, 10),
    file: output.file,
  };
}

/** One line for the console: the share the thread waited, then its five heaviest areas. */
export const profileLine = (profile: ProfileSummary): string =>
  `${profile.server}, ${profile.workload}: idle ${profile.idlePercent}%; ${profile.topAreas
    .slice(0, 5)
    .map((area) => `${area.name} ${area.percent}%`)
    .join('; ')}`;
