import { Session } from 'node:inspector/promises';
import type { CpuProfile } from './cpu-profile.js';

/**
 * A bench child's answers to the parent's `profile-start` and `profile-stop`: its own main thread, sampled
 * by V8 every 200 µs through `node:inspector`. Every server the bench profiles answers alike, so a profile
 * of ours and one of the bound it is held to (the bare provider on the same database) compare.
 */
export function cpuProfilerHandlers(): Record<'profile-start' | 'profile-stop', () => Promise<unknown>> {
  let profiler: Session | undefined;
  return {
    'profile-start': async () => {
      if (profiler) throw new Error('a profile is already running');
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
      return true;
    },
    'profile-stop': async (): Promise<CpuProfile> => {
      if (!profiler) throw new Error('no profile running');
      const session = profiler;
      profiler = undefined;
      try {
        const { profile } = await session.post('Profiler.stop');
        return profile as CpuProfile;
      } finally {
        session.disconnect();
      }
    },
  };
}
