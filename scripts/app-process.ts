import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

/** One app of `npm start`, run from its production entry point in a process of its own. */
export interface AppProcessSpec {
  name: string;
  /** The built entry point, e.g. `dist/src/main.js`. */
  script: string;
  /** Answers 200 once the app serves (its `/health`). */
  readyUrl: string;
  /** The environment it gets; this process's when absent. */
  env?: NodeJS.ProcessEnv;
}

export interface AppProcess {
  readonly name: string;
  /** Settles when the process has exited: its exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `readyUrl` answers 200; rejects if the process exits first or `timeoutMs` passes. */
  ready(timeoutMs: number): Promise<void>;
  /** Sends `signal`; after `graceMs`, kills. Resolves when the process is gone. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

/**
 * Starts `spec.script`, handing each line it writes (stdout and stderr
 * apart) to `onLine`, so the launcher decides how logs are shown.
 */
export function startAppProcess(spec: AppProcessSpec, onLine: (line: string, stream: 'stdout' | 'stderr') => void): AppProcess {
  const child: ChildProcess = spawn(process.execPath, [spec.script], { stdio: ['ignore', 'pipe', 'pipe'], env: spec.env ?? process.env });
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (line) => onLine(line, stream));
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));

  return {
    name: spec.name,
    exited,
    async ready(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!(await answers(spec.readyUrl))) {
        if (gone) throw new Error(`${spec.name} stopped while starting (${describeExit(await exited)})`);
        if (Date.now() > deadline) throw new Error(`${spec.name} did not answer ${spec.readyUrl} within ${timeoutMs / 1000} s`);
        await sleep(100);
      }
    },
    async stop(signal, graceMs) {
      if (gone) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

export function describeExit({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }): string {
  return signal ? `ended by ${signal}` : `exit code ${code}`;
}
