import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { withTimeout } from '../common/with-timeout.js';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../config/app-config.js';
import type { Database, QueryOptions, Queryable } from './database.js';
import { DatabaseUnavailableError } from './database.errors.js';

export interface PgliteOptions {
  dataDir?: string;
  loadDataDir?: Blob | File;
  timeouts?: DatabaseTimeouts;
}

/** An error as the worker reports it: PostgreSQL's fields (the SQLSTATE `code`) survive the crossing. */
interface PlainError {
  name: string;
  message: string;
  code?: string;
}

type Request =
  | { op: 'query'; sql: string; params: readonly unknown[]; tx?: number }
  | { op: 'exec'; sql: string }
  | { op: 'begin' }
  | { op: 'commit' | 'rollback'; tx: number }
  | { op: 'dump' }
  | { op: 'close' };

/**
 * Embedded PostgreSQL (WASM) in a data folder: the zero-setup default. One process per folder.
 *
 * PGlite runs in a worker thread of its own (`pglite.worker.js`), so the HTTP server's event loop
 * keeps serving requests while SQL runs; this class is its typed end of the message port. That thread
 * prepares each statement once, as the PostgreSQL side does per connection.
 *
 * PGlite has one connection: a statement waits until the one before it, or an open transaction, is
 * done. The timeout bounds that wait too, so a stuck transaction fails the requests queued behind it
 * with an outage page. A statement (or transaction) given up on still runs when its turn comes; none
 * of ours depends on the caller seeing its result (each is a single idempotent write or a read).
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite';
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stopped?: string;

  private constructor(
    private readonly worker: Worker,
    private readonly timeouts: DatabaseTimeouts,
  ) {
    worker.on('message', (message: { id: number; result?: unknown; error?: PlainError }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.settled(message.id);
      if (message.error?.name === DatabaseUnavailableError.name) waiting.reject(new DatabaseUnavailableError(message.error.message));
      else if (message.error) waiting.reject(Object.assign(new Error(message.error.message), message.error));
      else waiting.resolve(message.result);
    });
    const stop = (reason: string) => {
      this.stopped ??= reason;
      for (const [id, { reject }] of this.pending) {
        this.settled(id);
        reject(new DatabaseUnavailableError(reason));
      }
    };
    worker.on('error', (error) => stop(`the database thread failed: ${error.message}`));
    worker.on('exit', () => stop('the database is closed'));
    // Idle, the thread does not keep the process alive; a request in flight does (see `send`).
    worker.unref();
  }

  /**
   * How long the database thread has been busy and idle since it started (milliseconds of its event
   * loop): the embedded database runs every statement there, so a thread busy all the time is the
   * bound of whatever waits on it.
   */
  threadTime(): { activeMs: number; idleMs: number } {
    const { active, idle } = this.worker.performance.eventLoopUtilization();
    return { activeMs: active, idleMs: idle };
  }

  /** Opens (creating if needed) a data folder, or an in-memory database seeded from a dump for tests. */
  static async open(options: PgliteOptions): Promise<PgliteDatabase> {
    if (options.dataDir && !options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
    const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
    const worker = new Worker(new URL('./pglite.worker.js', import.meta.url), {
      workerData: { dataDir: options.dataDir, loadDataDir },
      transferList: loadDataDir ? [loadDataDir] : [],
    });
    try {
      await untilReady(worker);
    } catch (error) {
      await worker.terminate();
      throw new Error('The embedded database could not be opened', { cause: error });
    }
    return new PgliteDatabase(worker, options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS);
  }

  /** `options.durability` changes nothing here: PGlite has no commit setting to relax. */
  async query<Row>(sql: string, params: readonly unknown[] = [], _options?: QueryOptions): Promise<Row[]> {
    return this.bounded('query', () => this.send<Row[]>({ op: 'query', sql, params }));
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.bounded('transaction', async () => {
      const tx = await this.send<number>({ op: 'begin' });
      let result: T;
      try {
        result = await work({ query: <Row>(sql: string, params: readonly unknown[] = []) => this.send<Row[]>({ op: 'query', sql, params, tx }) });
      } catch (error) {
        await this.send({ op: 'rollback', tx }).catch(() => undefined);
        throw error;
      }
      await this.send({ op: 'commit', tx });
      return result;
    });
  }

  async exec(sql: string): Promise<void> {
    await this.bounded('exec', () => this.send({ op: 'exec', sql }));
  }

  /** A tarball of the data folder, to seed other instances quickly (tests). */
  async dump(): Promise<Blob> {
    return new Blob([await this.send<ArrayBuffer>({ op: 'dump' })]);
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    // Bounded: what holds the database's turn then is ended or refused by the close, but a wait must not hang a shutdown.
    await withTimeout(this.send({ op: 'close' }), this.timeouts.queryMs, () => new DatabaseUnavailableError('close: no answer')).catch(() => undefined);
    this.stopped = 'the database is closed';
    await this.worker.terminate();
  }

  private send<T>(request: Request): Promise<T> {
    if (this.stopped) return Promise.reject(new DatabaseUnavailableError(`${request.op}: ${this.stopped}`));
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, ...request });
    });
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  /** Embedded, PGlite has no network to fail: its outages are a closed database and a wait past the timeout. Its other errors are SQL errors, left as they are. */
  private bounded<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new DatabaseUnavailableError(`${operation}: ${this.stopped}`));
    const running = work();
    // Past the bound nobody waits for it: its outcome must not become an unhandled rejection.
    running.catch(() => undefined);
    return withTimeout(running, this.timeouts.queryMs, () => new DatabaseUnavailableError(`${operation}: no answer within ${this.timeouts.queryMs} ms`));
  }
}

/** Resolves when the worker has opened the database, rejects when it could not; leaves no listener behind (the worker has its own). */
function untilReady(worker: Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      worker.off('message', onMessage).off('error', done).off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onMessage = (message: { ready?: true; failed?: PlainError }) => done(message.ready ? undefined : Object.assign(new Error(message.failed?.message), message.failed));
    const onExit = (code: number) => done(new Error(`the database thread exited (${code})`));
    worker.on('message', onMessage).on('error', done).on('exit', onExit);
  });
}
