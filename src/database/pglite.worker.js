// The embedded database's thread: PGlite (PostgreSQL in WASM) answering `PgliteDatabase` over a
// message port, so its SQL runs beside the HTTP server's event loop instead of on it.
//
// JavaScript rather than TypeScript: a worker thread is started by Node itself, which (Node 20) cannot
// load TypeScript, and the tests run the sources. `PgliteDatabase` (pglite.database.ts) is the typed
// side of the protocol and the only user of this file:
//   in:  { id, op: 'query', sql, params, tx? } | { id, op: 'exec', sql } | { id, op: 'begin' }
//        | { id, op: 'commit' | 'rollback', tx } | { id, op: 'dump' } | { id, op: 'close' }
//   out: { ready: true } | { failed: error } once, then { id, result } | { id, error } per message.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** Open transactions by number: PGlite's transaction handle, how to end it, and its outcome. */
const transactions = new Map();
let nextTransaction = 1;
const ROLLED_BACK = new Error('rolled back on request');

/** What crosses the port of an error: its message and PostgreSQL's fields (the SQLSTATE `code` above all). */
function plainError(error) {
  const fields = ['code', 'detail', 'hint', 'severity', 'schema', 'table', 'column', 'constraint'];
  const plain = { name: error?.name ?? 'Error', message: error?.message ?? String(error) };
  for (const field of fields) if (typeof error?.[field] === 'string') plain[field] = error[field];
  return plain;
}

/** Starts a transaction and keeps it open until `commit` or `rollback` names it; answers with its number. */
function begin(db, id) {
  const number = nextTransaction++;
  const entry = { tx: undefined, end: undefined, done: undefined };
  entry.done = db.transaction(
    (tx) =>
      new Promise((resolve, reject) => {
        entry.tx = tx;
        entry.end = (commit) => (commit ? resolve() : reject(ROLLED_BACK));
        transactions.set(number, entry);
        parentPort.postMessage({ id, result: number });
      }),
  );
  // A transaction that could not start is the caller's to know; one that started ends through `end`.
  entry.done.catch((error) => {
    if (entry.tx === undefined) parentPort.postMessage({ id, error: plainError(error) });
  });
}

/** Ends a transaction; answers once PGlite has committed (or rolled back) it, with the commit's error if any. */
async function end(number, commit) {
  const open = transactions.get(number);
  if (!open) throw new Error(`transaction ${number} is not open`);
  transactions.delete(number);
  open.end(commit);
  try {
    await open.done;
  } catch (error) {
    if (error !== ROLLED_BACK) throw error;
  }
}

async function handle(db, message) {
  switch (message.op) {
    case 'query': {
      const target = message.tx === undefined ? db : transactions.get(message.tx)?.tx;
      if (!target) throw new Error(`transaction ${message.tx} is not open`);
      return (await target.query(message.sql, message.params)).rows;
    }
    case 'exec':
      await db.exec(message.sql);
      return undefined;
    case 'begin':
      return begin(db, message.id);
    case 'commit':
    case 'rollback':
      return end(message.tx, message.op === 'commit');
    case 'dump': {
      const dump = await db.dumpDataDir('none');
      return dump.arrayBuffer();
    }
    case 'close':
      for (const number of [...transactions.keys()]) transactions.get(number)?.end(false);
      transactions.clear();
      if (!db.closed) await db.close();
      return undefined;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

async function main() {
  const { dataDir, loadDataDir } = workerData;
  let db;
  try {
    db = await PGlite.create(dataDir ?? 'memory://', { loadDataDir: loadDataDir ? new Blob([loadDataDir]) : undefined });
  } catch (error) {
    parentPort.postMessage({ failed: plainError(error) });
    return;
  }
  parentPort.on('message', (message) => {
    handle(db, message).then(
      (result) => {
        if (message.op === 'begin') return; // answered by `begin` itself once the transaction is open
        const transfer = result instanceof ArrayBuffer ? [result] : [];
        parentPort.postMessage({ id: message.id, result }, transfer);
      },
      (error) => parentPort.postMessage({ id: message.id, error: plainError(error) }),
    );
  });
  parentPort.postMessage({ ready: true });
}

void main();
