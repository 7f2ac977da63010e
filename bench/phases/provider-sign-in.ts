import type { ProviderSignIn } from '../lib/report.js';
import { UNCHECKED_USER } from '../servers/bench-fixtures.js';
import { type Drivers, flowDrive, type LoadPlan, measureWorkload, type Side, type Workload } from './workloads.js';

/**
 * The password sign-in's flow, driven alike, as `UNCHECKED_USER`, whom the bare provider's minimal login
 * signs in without a hash. Not one of `workloads()`: ours has no such user.
 */
export const providerSignInWorkload = (plan: LoadPlan): Workload => ({
  name: 'provider-sign-in',
  title: "the provider's own sign-in, no credential check",
  unit: 'flows',
  bare: true,
  storage: true,
  drive: flowDrive(plan, { workload: 'password-sign-in', username: UNCHECKED_USER.username }),
});

/**
 * What the provider's own sign-in flow costs per core without any hash, measured as the workloads are (the
 * same flow driver, connections, warm-up, duration and rounds) on one bare provider. It bounds the passkey
 * target: no credential-less sign-in through the same provider, ours included, goes faster per core.
 * Measured, not derived from the password sign-in less one hash: that difference of two close figures
 * swung between runs by more than half.
 */
export async function measureProviderSignIn(
  bare: Side,
  where: ProviderSignIn['where'],
  drivers: Drivers,
  plan: LoadPlan & { warmupSeconds: number; seconds: number; rounds: number },
): Promise<ProviderSignIn & { errorSamples: string[] }> {
  const [measured] = await measureWorkload([bare], drivers, providerSignInWorkload(plan), plan);
  return { where, ...measured };
}
