import { describe, expect, it } from '@jest/globals';
import type { CpuProfile } from './cpu-profile.js';
import { cpuProfilerHandlers } from './profiler.js';

describe('cpuProfilerHandlers', () => {
  it('samples this thread between start and stop', async () => {
    const handlers = cpuProfilerHandlers();
    await handlers['profile-start']();
    const until = Date.now() + 50;
    let spins = 0;
    while (Date.now() < until) spins += 1;
    const profile = (await handlers['profile-stop']()) as CpuProfile;
    expect(spins).toBeGreaterThan(0);
    expect(profile.nodes.length).toBeGreaterThan(1);
    expect(profile.samples?.length).toBeGreaterThan(0);
  });

  it('refuses a stop without a start, and a second start, and can start again after a stop', async () => {
    const handlers = cpuProfilerHandlers();
    await expect(handlers['profile-stop']()).rejects.toThrow('no profile running');
    await handlers['profile-start']();
    await expect(handlers['profile-start']()).rejects.toThrow('already running');
    await handlers['profile-stop']();
    await handlers['profile-start']();
    await expect(handlers['profile-stop']()).resolves.toHaveProperty('nodes');
  });
});
