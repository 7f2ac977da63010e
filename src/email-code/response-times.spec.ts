import { describe, expect, it } from '@jest/globals';
import { type Clock, ResponseTimes } from './response-times.js';

/** A clock that moves only when told: calls take what the test says, and waits are recorded. */
function manualClock() {
  let now = 0;
  const slept: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
  const taking = (ms: number) => async () => {
    now += ms;
  };
  return { clock, slept, taking };
}

describe(ResponseTimes.name, () => {
  it('pads a stand-in by how much longer real calls take than stand-ins, median to median', async () => {
    const { clock, slept, taking } = manualClock();
    const times = new ResponseTimes(clock);
    for (const ms of [100, 120, 400]) await times.measure('send', taking(ms));

    await times.imitate('send', taking(30));
    await times.imitate('send', taking(50));
    await times.imitate('send', taking(10));

    // Medians: real 120; stand-ins none yet, then 30, then 40.
    expect(slept).toEqual([120, 90, 80]);
  });

  it('waits for nothing while stand-ins take as long as real calls, or before any real call ran', async () => {
    const { clock, slept, taking } = manualClock();
    const times = new ResponseTimes(clock);
    await times.imitate('verify', taking(10));
    await times.measure('verify', taking(5));
    await times.imitate('verify', taking(80));
    expect(slept).toEqual([]);
  });

  it('keeps failed calls out, forgets all but the last 64, and never pads beyond three seconds', async () => {
    const { clock, slept, taking } = manualClock();
    const times = new ResponseTimes(clock);
    for (let call = 0; call < 33; call++) await times.measure('send', taking(10_000));
    for (let call = 0; call < 64; call++) await times.measure('send', taking(40));
    await expect(
      times.measure('send', async () => {
        throw new Error('outage');
      }),
    ).rejects.toThrow('outage');

    await times.imitate('send', taking(0));
    expect(slept).toEqual([40]);

    await times.measure('slow', taking(10_000));
    await times.imitate('slow', taking(0));
    expect(slept.at(-1)).toBe(3_000);
  });
});
