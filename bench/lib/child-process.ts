import { type ChildProcess, fork } from 'node:child_process';
import { getHeapSpaceStatistics } from 'node:v8';

/**
 * Parent ↔ child protocol of the bench: each server and each load generator runs in a process of its own
 * (so their CPU is measured apart and a load generator never shares an event loop with its target). The
 * child gets its settings in BENCH_CHILD_CONFIG, says `ready`, then answers numbered requests.
 */
interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

export interface Child<Ready> {
  readonly pid: number;
  readonly ready: Ready;
  request<T>(type: string, payload?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startChild<Ready>(script: string, config: unknown, options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; readyTimeoutMs?: number } = {}): Promise<Child<Ready>> {
  const child = fork(script, [], {
    env: { ...process.env, ...options.env, BENCH_CHILD_CONFIG: JSON.stringify(config) },
    execArgv: options.execArgv ?? [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const { reject } of pending.values()) reject(new Error(`${script} exited (${code ?? signal})`));
    pending.clear();
  });

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${script} not ready after ${options.readyTimeoutMs ?? 180_000} ms`));
    }, options.readyTimeoutMs ?? 180_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (code ${code})`));
    });
    child.on('message', (message: { type?: string; ready?: Ready } & Reply) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.ready as Ready);
        return;
      }
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
  });

  return {
    pid: child.pid!,
    ready,
    request: <T>(type: string, payload?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, type, payload });
      }),
    stop: () => stopChild(child, exited),
  };
}

/** Asks politely (closing the channel makes the child exit), then insists. */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

type Handler = (payload: unknown) => unknown;

/** Child side: reads the config, reports ready, answers requests, and exits when the parent goes away. */
export function childConfig<T>(): T {
  const raw = process.env.BENCH_CHILD_CONFIG;
  if (!raw || !process.send) throw new Error('This script is started by the bench (bench/run-bench.ts), not by hand');
  return JSON.parse(raw) as T;
}

export function serveParent(ready: unknown, handlers: Record<string, Handler>, onExit: () => Promise<void> = async () => undefined): void {
  process.on('message', async (message: { id: number; type: string; payload: unknown }) => {
    const handler = handlers[message.type];
    try {
      if (!handler) throw new Error(`unknown request ${message.type}`);
      process.send!({ id: message.id, result: await handler(message.payload) });
    } catch (error) {
      process.send!({ id: message.id, error: error instanceof Error ? `${error.message}${error.cause ? ` (${String((error.cause as Error).message ?? error.cause)})` : ''}` : String(error) });
    }
  });
  // The parent closing the channel, or dying, ends the child: servers never outlive a run.
  process.once('disconnect', () => {
    const force = setTimeout(() => process.exit(0), 5_000);
    force.unref();
    onExit()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
  process.send!({ type: 'ready', ready });
}

/** CPU time and memory of this process: the parent turns two of these into cores used. */
export function processUsage() {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss, at: Date.now() };
}
export type ProcessUsage = ReturnType<typeof processUsage> & {
  /** The embedded database's thread (the identity server on PGlite): its event loop's busy and idle time so far. */
  databaseThread?: { activeMs: number; idleMs: number };
  /** The main thread's JavaScript heap (after a `gc()`): what RSS holds besides it is reserve and native memory. */
  heap?: HeapFigures;
};

export interface HeapFigures {
  /** Live objects. */
  usedBytes: number;
  /** The young generation's reserved size: V8 grows it under allocation-heavy load and keeps it. */
  youngGenerationBytes: number;
  /** Every space's reserved size, the young generation's included. */
  totalBytes: number;
}

/** The main thread's heap as V8 has sized it now. */
export function heapFigures(): HeapFigures {
  const spaces = getHeapSpaceStatistics();
  return {
    usedBytes: spaces.reduce((sum, space) => sum + space.space_used_size, 0),
    youngGenerationBytes: spaces.find((space) => space.space_name === 'new_space')?.space_size ?? 0,
    totalBytes: spaces.reduce((sum, space) => sum + space.space_size, 0),
  };
}
