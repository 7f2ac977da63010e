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
  return { clock, slept, taking, elapsed: () => now };
}

describe(ResponseTimes.name, () => {
  it('pads a stand-in to the running average of the real call', async () => {
    const { clock, slept, taking } = manualClock();
    const times = new ResponseTimes(clock);
    await times.measure('send', taking(100));
    await times.measure('send', taking(200));
    expect(times.averageOf('send')).toBe(120);

    await times.imitate('send', taking(30));

    expect(slept).toEqual([90]);
  });

  it('waits for nothing when the stand-in took as long, or the real call has never run', async () => {
    const { clock, slept, taking } = manualClock();
    const times = new ResponseTimes(clock);
    await times.imitate('verify', taking(10));
    await times.measure('verify', taking(50));
    await times.imitate('verify', taking(80));
    expect(slept).toEqual([]);
  });

  it('keeps failed calls out of the average, and never pads beyond three seconds', async () => {
    const { clock, slept, taking } = manualClock();
    const times = new ResponseTimes(clock);
    await times.measure('send', taking(10_000));
    await expect(
      times.measure('send', async () => {
        throw new Error('outage');
      }),
    ).rejects.toThrow('outage');
    expect(times.averageOf('send')).toBe(10_000);

    await times.imitate('send', taking(0));

    expect(slept).toEqual([3_000]);
  });
});
