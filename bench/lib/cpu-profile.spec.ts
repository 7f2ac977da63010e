import { describe, expect, it } from '@jest/globals';
import { areaOf, selfTime, type CpuProfile } from './cpu-profile.js';

const frame = (id: number, functionName: string, url = '', lineNumber = 0) => ({ id, callFrame: { functionName, url, lineNumber } });

describe('selfTime', () => {
  const profile: CpuProfile = {
    nodes: [
      frame(1, '(root)'),
      frame(2, '(idle)'),
      frame(3, 'sign', 'file:///app/node_modules/jose/dist/sign.js', 9),
      frame(4, 'render', 'file:///app/dist/src/login/login.page.js', 19),
      frame(5, '(garbage collector)'),
    ],
    samples: [2, 3, 3, 4, 5, 2, 3],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 5000, 1000],
  };

  it('ranks functions by self time and leaves idle out', () => {
    const { busyMs, functions } = selfTime(profile);
    expect(busyMs).toBe(5);
    expect(functions[0]).toEqual({ name: 'sign jose/dist/sign.js:10', milliseconds: 3, percent: 60 });
    expect(functions.map((cost) => cost.name)).not.toContain('(idle)');
  });

  it('gives the share of the sampled time the thread was idle', () => {
    expect(selfTime(profile).idlePercent).toBe(54.5);
    expect(selfTime({ nodes: [], samples: [], timeDeltas: [] }).idlePercent).toBe(0);
  });

  it('groups by package or our folder', () => {
    expect(selfTime(profile).areas.map((area) => [area.name, area.percent])).toEqual([
      ['jose', 60],
      ['ours (src/)', 20],
      ['(garbage collector)', 20],
    ]);
  });
});

describe('areaOf', () => {
  it('names scoped packages, node core and native frames', () => {
    expect(areaOf('file:///x/node_modules/@nestjs/core/router.js', 'f')).toBe('@nestjs/core');
    expect(areaOf('node:internal/streams', 'f')).toBe('node core');
    expect(areaOf('', 'hmac')).toBe('(native)');
  });
});
