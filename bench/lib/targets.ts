import type { WorkloadResult } from './report.js';

/** One of issue 12's targets, as a run measured it. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
}

/** The targets of issue 12: ratios to the bare provider in the same run, and sign-ins per core against the hash. */
export function issueTargets(results: WorkloadResult[], hashesPerSecond: number): TargetResult[] {
  const byName = (name: string) => results.find((result) => result.name === name);
  const ratioTarget = (name: string, title: string, atLeast: number): TargetResult => {
    const ratio = byName(name)?.ratio;
    return { target: `${title} ≥ ${atLeast} of bare`, measured: ratio === undefined ? 'not measured' : ratio.toFixed(2), met: (ratio ?? 0) >= atLeast };
  };
  const password = byName('password-sign-in')?.ours?.perSecondPerCore;
  const passkey = byName('passkey-sign-in')?.ours?.perSecondPerCore;
  return [
    ratioTarget('discovery', 'discovery', 0.9),
    ratioTarget('jwks', 'JWKS', 0.9),
    ratioTarget('client-credentials', 'client_credentials', 0.8),
    ratioTarget('refresh', 'refresh', 0.5),
    ratioTarget('code-exchange', 'code exchange', 0.5),
    {
      target: `password sign-ins ≥ 80 % of the hash rate per core (≥ ${Math.round(0.8 * hashesPerSecond)} /s/core)`,
      measured: password === undefined ? 'not measured' : `${password} /s/core (${Math.round((password / hashesPerSecond) * 100)} %)`,
      met: (password ?? 0) >= 0.8 * hashesPerSecond,
    },
    { target: 'passkey sign-ins ≥ 200 /s per core', measured: passkey === undefined ? 'not measured' : `${passkey} /s/core`, met: (passkey ?? 0) >= 200 },
  ];
}
