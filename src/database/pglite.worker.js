// The embedded database's thread: PGlite (PostgreSQL in WASM) answering `PgliteDatabase` over a
// message port, so its SQL runs beside the HTTP server's event loop instead of on it.
//
// JavaScript rather than TypeScript: a worker thread is started by Node itself, which (Node 20) cannot
// load TypeScript, and the tests run the sources. `PgliteDatabase` (pglite.database.ts) is the typed
// side of the protocol and the only user of this file:
//   in:  { id, op: 'query', sql, params, tx? } | { id, op: 'exec', sql } | { id, op: 'begin' }
//        | { id, op: 'commit' | 'rollback', tx } | { id, op: 'dump' } | { id, op: 'close' }
//   out: { ready: true } | { failed: error } once, then { id, result } | { id, error } per message;
//        an error named DatabaseUnavailableError is an outage (a transaction refused by the close).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, parse, protocol } from '@electric-sql/pglite';

/** Open transactions by number: PGlite's transaction handle, how to end it, and its outcome. */
const transactions = new Map();
let nextTransaction = 1;
const ROLLED_BACK = new Error('rolled back on request');
/** Set by `close`: transactions that have not started by then are refused. */
let closing = false;

/** What crosses the port of an error: its message and PostgreSQL's fields (the SQLSTATE `code` above all). */
function plainError(error) {
  const fields = ['code', 'detail', 'hint', 'severity', 'schema', 'table', 'column', 'constraint'];
  const plain = { name: error?.name ?? 'Error', message: error?.message ?? String(error) };
  for (const field of fields) if (typeof error?.[field] === 'string') plain[field] = error[field];
  return plain;
}

/**
 * Statements prepared by name on first use, by text. PGlite's own `query` parses, plans and describes
 * every statement anew, in five protocol messages: about 110 to 140 µs of this thread per statement
 * here, where binding and running a prepared one costs 35 to 40 µs. Past `MAX_PREPARED` distinct texts,
 * further ones run through `query` (no text of ours is built per request, but nothing grows unbounded).
 */
const prepared = new Map();
const MAX_PREPARED = 500;
let preparedCount = 0;
/**
 * This thread opens an in-memory database or a folder (PGlite's NodeFS), where writes reach the files as
 * they happen and PGlite's `syncToFs` does nothing but take a lock of its own: a prepared run skips it.
 */
const NO_SYNC = { syncToFs: false };
/** PostgreSQL refuses to run a prepared statement whose result columns a schema change altered. */
const RESULT_TYPE_CHANGED = '0A000';

/** Parses and describes a statement under a name of its own; keeps its parameter types and result columns. */
async function prepare(db, sql) {
  const name = `s${++preparedCount}`;
  const { serialize } = protocol;
  const { messages } = await db.execProtocol(Buffer.concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]), NO_SYNC);
  return {
    name,
    parameterTypes: parse.parseDescribeStatementResults(messages),
    // Kept to put before each run's rows, for PGlite's own result parser (a run skips the Describe).
    columns: messages.find((message) => message.name === 'rowDescription'),
  };
}

/** Binds and runs a prepared statement: one protocol round, parsed as `query` parses its results. */
async function runPrepared(db, statement, params) {
  const { serialize } = protocol;
  const values = params.map((value, index) => {
    if (value === null || value === undefined) return null;
    const serializer = db.serializers[statement.parameterTypes[index]];
    return serializer ? serializer(value) : value.toString();
  });
  const { messages } = await db.execProtocol(Buffer.concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]), NO_SYNC);
  return parse.parseResults(statement.columns ? [statement.columns, ...messages] : messages, db.parsers)[0]?.rows ?? [];
}

/**
 * Every use of PGlite in this thread takes its turn here, one at a time, in the order asked: a statement
 * outside any transaction, an `exec`, a whole transaction (from its start until it ends), a dump.
 * PGlite's own locks would do the same, but a prepared run under them cost this thread 25 to 35 µs more
 * per statement (two locks, each a chain of promises); here an idle database runs the statement at once.
 * Statements inside a transaction run through its handle while the transaction holds the turn.
 */
const turns = [];
let turnTaken = false;

function inTurn(work) {
  return new Promise((resolve, reject) => {
    turns.push({ work, resolve, reject });
    if (!turnTaken) void takeTurns();
  });
}

async function takeTurns() {
  turnTaken = true;
  for (let next = turns.shift(); next; next = turns.shift()) {
    try {
      next.resolve(await next.work());
    } catch (error) {
      next.reject(error);
    }
  }
  turnTaken = false;
}

/** A statement outside any transaction, prepared once, in its turn (so it never runs inside a transaction). */
function preparedQuery(db, sql, params) {
  if (!prepared.has(sql) && prepared.size >= MAX_PREPARED) return inTurn(() => db.query(sql, params).then((result) => result.rows));
  return inTurn(async () => {
    for (let attempt = 0; ; attempt++) {
      let statement = prepared.get(sql);
      if (!statement) {
        statement = await prepare(db, sql);
        prepared.set(sql, statement);
      }
      try {
        return await runPrepared(db, statement, params);
      } catch (error) {
        if (error?.code !== RESULT_TYPE_CHANGED || attempt > 0) throw error;
        prepared.delete(sql);
      }
    }
  });
}

/**
 * Starts a transaction in its turn and keeps it open, holding the turn, until `commit` or `rollback` names
 * it; answers with its number.
 */
function begin(db, id) {
  const number = nextTransaction++;
  const entry = { tx: undefined, end: undefined, done: undefined };
  entry.done = inTurn(() => {
    // Its turn came after `close` was asked for: nobody would end it, and the close would wait for it forever.
    if (closing) throw Object.assign(new Error('the database is closing'), { name: 'DatabaseUnavailableError' });
    return db.transaction(
      (tx) =>
        new Promise((resolve, reject) => {
          entry.tx = tx;
          entry.end = (commit) => (commit ? resolve() : reject(ROLLED_BACK));
          transactions.set(number, entry);
          parentPort.postMessage({ id, result: number });
        }),
    );
  });
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
      if (message.tx === undefined) return preparedQuery(db, message.sql, message.params ?? []);
      // In a transaction, through its handle (the transaction holds the turn): few of ours, and none per request.
      const target = transactions.get(message.tx)?.tx;
      if (!target) throw new Error(`transaction ${message.tx} is not open`);
      return (await target.query(message.sql, message.params)).rows;
    }
    case 'exec':
      await inTurn(() => db.exec(message.sql));
      return undefined;
    case 'begin':
      return begin(db, message.id);
    case 'commit':
    case 'rollback':
      return end(message.tx, message.op === 'commit');
    case 'dump': {
      const dump = await inTurn(() => db.dumpDataDir('none'));
      return dump.arrayBuffer();
    }
    case 'close':
      closing = true;
      for (const number of [...transactions.keys()]) transactions.get(number)?.end(false);
      transactions.clear();
      // After what already waits for its turn (a statement given up on by its caller still runs).
      await inTurn(() => (db.closed ? undefined : db.close()));
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
