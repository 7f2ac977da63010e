import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DatabaseUnavailableError } from './database.errors.js';
import { PgliteDatabase } from './pglite.database.js';

describe(PgliteDatabase.name, () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open({ timeouts: { connectMs: 1_000, queryMs: 30_000 } });
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY, body text, at timestamptz DEFAULT now())');
  });
  afterAll(() => db.close());
  const shared = () => db;

  it('answers queries with rows as PGlite types them (numbers, dates), in its own thread', async () => {
    await db.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [1, 'first']);
    const [row] = await db.query<{ id: number; body: string; at: Date }>('SELECT * FROM notes WHERE id = $1', [1]);
    expect(row).toMatchObject({ id: 1, body: 'first' });
    // A Date of Node's own realm (it crossed the thread), not of the test sandbox's.
    expect(Object.prototype.toString.call(row.at)).toBe('[object Date]');
  });

  it('runs SQL beside the event loop: the caller’s thread keeps turning while a long statement runs', async () => {
    let done = false;
    const long = db.query('SELECT count(*)::int AS n FROM generate_series(1, 1000000)').then((rows) => ((done = true), rows));
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(done).toBe(false);
    expect(await long).toEqual([{ n: 1_000_000 }]);
  });

  it('tells how long its thread was busy: a long statement counts, waiting for work does not', async () => {
    const before = db.threadTime();
    await db.query('SELECT count(*)::int AS n FROM generate_series(1, 1000000)');
    const afterWork = db.threadTime();
    expect(afterWork.activeMs - before.activeMs).toBeGreaterThan(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterIdle = db.threadTime();
    expect(afterIdle.idleMs - afterWork.idleMs).toBeGreaterThan(30);
    expect(afterIdle.activeMs - afterWork.activeMs).toBeLessThan(20);
  });

  it("keeps PostgreSQL's error fields, the SQLSTATE above all", async () => {
    await expect(db.query('INSERT INTO notes (id, body) VALUES (1, $1)', ['again'])).rejects.toMatchObject({ code: '23505', message: expect.stringContaining('duplicate key') });
  });

  it('runs a statement it has prepared as the first time, with each run’s own values and types (NULL, JSON, arrays)', async () => {
    const insert = 'INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id, body';
    expect(await db.query(insert, [10, 'ten'])).toEqual([{ id: 10, body: 'ten' }]);
    expect(await db.query(insert, [11, null])).toEqual([{ id: 11, body: null }]);
    const [row] = await db.query<{ doc: unknown; ids: number[] }>('SELECT $1::jsonb AS doc, $2::int[] AS ids', [{ a: [1, 'x'] }, [3, 4]]);
    expect(row).toEqual({ doc: { a: [1, 'x'] }, ids: [3, 4] });
    expect(await db.query('SELECT $1::jsonb AS doc, $2::int[] AS ids', [null, [5]])).toEqual([{ doc: null, ids: [5] }]);
  });

  it('serves a prepared statement again after a run of it failed', async () => {
    const insert = 'INSERT INTO notes (id, body) VALUES ($1, $2)';
    await db.query(insert, [20, 'once']);
    await expect(db.query(insert, [20, 'twice'])).rejects.toMatchObject({ code: '23505' });
    await db.query(insert, [21, 'after']);
    expect(await db.query('SELECT body FROM notes WHERE id = $1', [21])).toEqual([{ body: 'after' }]);
  });

  it('prepares a statement afresh when a schema change altered its result columns', async () => {
    await db.exec('CREATE TABLE reshaped (id int)');
    await db.query('INSERT INTO reshaped (id) VALUES ($1)', [1]);
    expect(await db.query('SELECT * FROM reshaped')).toEqual([{ id: 1 }]);
    await db.exec("ALTER TABLE reshaped ADD COLUMN label text DEFAULT 'new'");
    expect(await db.query('SELECT * FROM reshaped')).toEqual([{ id: 1, label: 'new' }]);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.transaction((tx) => tx.query('INSERT INTO notes (id, body) VALUES (2, $1)', ['kept']));
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO notes (id, body) VALUES (3, $1)', ['dropped']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.query('SELECT id FROM notes WHERE id IN (2, 3)')).toEqual([{ id: 2 }]);
  });

  it('runs what is asked for during a transaction after it ends, in the order asked, never inside it', async () => {
    let started!: () => void;
    const begun = new Promise<void>((resolve) => (started = resolve));
    let rollBack!: () => void;
    const rolledBack = db.transaction(async (tx) => {
      await tx.query('INSERT INTO notes (id, body) VALUES (30, $1)', ['rolled back']);
      started();
      await new Promise<void>((resolve) => (rollBack = resolve));
      throw new Error('rolled back by the test');
    });
    await begun;
    const asked = [db.query('INSERT INTO notes (id, body) VALUES (31, $1)', ['after']), db.query('SELECT id FROM notes WHERE id IN (30, 31) ORDER BY id'), db.exec('UPDATE notes SET body = body')];
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    rollBack();
    await expect(rolledBack).rejects.toThrow('rolled back by the test');
    const [, seen] = await Promise.all(asked);
    expect(seen).toEqual([{ id: 31 }]);
  });

  it('fails what waits behind a stuck transaction within its bound, and serves again once the transaction ends', async () => {
    const db = await PgliteDatabase.open({ loadDataDir: await shared().dump(), timeouts: { connectMs: 1_000, queryMs: 1_000 } });
    let release!: () => void;
    const stuck = db.transaction(async (tx) => {
      await tx.query('INSERT INTO notes (id, body) VALUES (4, $1)', ['committed late']);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await expect(db.query('SELECT count(*)::int AS n FROM notes WHERE id = 4')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(stuck).rejects.toBeInstanceOf(DatabaseUnavailableError);
    release();
    expect(await db.query('SELECT body FROM notes WHERE id = 4')).toEqual([{ body: 'committed late' }]);
    await db.close();
  });

  it('dumps its data for another instance to load', async () => {
    const copy = await PgliteDatabase.open({ loadDataDir: await db.dump() });
    expect(await copy.query('SELECT body FROM notes WHERE id = 1')).toEqual([{ body: 'first' }]);
    await copy.close();
  });

  it('closes while a transaction is open and another waits for its turn, ending both', async () => {
    const closing = await PgliteDatabase.open({ loadDataDir: await shared().dump(), timeouts: { connectMs: 1_000, queryMs: 2_000 } });
    let started!: () => void;
    const begun = new Promise<void>((resolve) => (started = resolve));
    const open = closing.transaction(async (tx) => {
      await tx.query('SELECT 1');
      started();
      await new Promise(() => undefined);
    });
    await begun;
    const waiting = closing.transaction((tx) => tx.query('SELECT 1'));
    const outcomes = Promise.all([expect(open).rejects.toBeInstanceOf(DatabaseUnavailableError), expect(waiting).rejects.toBeInstanceOf(DatabaseUnavailableError)]);
    await closing.close();
    await outcomes;
  });

  it('answers DatabaseUnavailableError once closed', async () => {
    const closing = await PgliteDatabase.open({});
    await closing.close();
    await expect(closing.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(closing.transaction((tx) => tx.query('SELECT 1'))).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
