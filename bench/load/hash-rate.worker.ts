import { performance } from 'node:perf_hooks';
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_PARAMETERS } from '../../src/users/password-hasher.js';
import { childConfig, processUsage, serveParent } from '../lib/child-process.js';

/**
 * Password verifications per second on one core at the server's argon2id parameters: one verification
 * at a time, so a single libuv thread does the work while the event loop waits.
 */
async function run({ durationSeconds }: { durationSeconds: number }) {
  const stored = await hash('Bench-passw0rd!', ARGON2_PARAMETERS);
  const before = processUsage();
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < durationSeconds * 1000) {
    if (!(await verify(stored, 'Bench-passw0rd!'))) throw new Error('argon2 verify failed');
    count++;
  }
  const seconds = (performance.now() - started) / 1000;
  const after = processUsage();
  return {
    parameters: { algorithm: 'argon2id', memoryKiB: ARGON2_PARAMETERS.memoryCost, passes: ARGON2_PARAMETERS.timeCost, lanes: ARGON2_PARAMETERS.parallelism },
    verifications: count,
    seconds: Math.round(seconds * 100) / 100,
    hashesPerSecond: Math.round((count / seconds) * 10) / 10,
    millisecondsEach: Math.round((seconds * 1000 * 100) / count) / 100,
    coresUsed: Math.round(((after.cpuMicros - before.cpuMicros) / 1e6 / seconds) * 100) / 100,
  };
}

childConfig<unknown>();
serveParent({ pid: process.pid }, { run: (payload) => run(payload as { durationSeconds: number }) });
