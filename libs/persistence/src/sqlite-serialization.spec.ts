import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { openDataSource } from './data-source';
import { ReadWriteLock } from './sqlite-serialization';

const tick = () => new Promise((r) => setImmediate(r));

describe('ReadWriteLock', () => {
  it('runs shared holders together, an exclusive holder alone, first come first served', async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const hold = (name: string, exclusive: boolean, release: Promise<void>) =>
      lock.run(exclusive, async () => {
        events.push(`${name}+`);
        await release;
        events.push(`${name}-`);
      });
    let openA!: () => void, openB!: () => void, openX!: () => void, openC!: () => void;
    const a = hold('a', false, new Promise((r) => (openA = r)));
    const b = hold('b', false, new Promise((r) => (openB = r)));
    const x = hold('x', true, new Promise((r) => (openX = r)));
    const c = hold('c', false, new Promise((r) => (openC = r))); // queued behind x, not let in beside a and b
    await tick();
    expect(events).toEqual(['a+', 'b+']);
    // What /metrics reports of the SQLite connection: two statements running, x and c waiting.
    expect([lock.activeCount, lock.waitingCount]).toEqual([2, 2]);
    openA();
    await tick();
    expect(events).toEqual(['a+', 'b+', 'a-']);
    openB();
    await tick();
    expect(events).toEqual(['a+', 'b+', 'a-', 'b-', 'x+']);
    expect([lock.activeCount, lock.waitingCount]).toEqual([1, 1]);
    openX();
    await tick();
    expect(events).toEqual(['a+', 'b+', 'a-', 'b-', 'x+', 'x-', 'c+']);
    openC();
    await Promise.all([a, b, x, c]);
    expect(events.slice(-1)).toEqual(['c-']);
    expect([lock.activeCount, lock.waitingCount]).toEqual([0, 0]);
  });

  it('releases after a failure', async () => {
    const lock = new ReadWriteLock();
    await expect(lock.run(true, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run(true, async () => 'next')).resolves.toBe('next');
    await expect(lock.run(false, async () => 'shared')).resolves.toBe('shared');
  });
});

describe('SQLite transactions across processes', () => {
  let dir: string;
  const opened: DataSource[] = [];
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'gatehouse-sqlite-'))));
  afterAll(async () => {
    await Promise.all(opened.map((ds) => ds.destroy()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('two connections that read then write in a transaction at once both commit (BEGIN IMMEDIATE waits for the lock)', async () => {
    // Two DataSources on one file are two SQLite connections, as two processes have. With a DEFERRED
    // BEGIN the second to write failed with SQLITE_BUSY at once, whatever the busy timeout.
    const path = join(dir, 'two.sqlite');
    const [a, b] = await Promise.all([openDataSource({ type: 'sqlite', path }), openDataSource({ type: 'sqlite', path })]);
    opened.push(a!, b!);
    await a!.query('CREATE TABLE counter (n integer NOT NULL)');
    await a!.query('INSERT INTO counter (n) VALUES (0)');
    const increment = (ds: DataSource) =>
      ds.transaction(async (em) => {
        const [{ n }] = await em.query('SELECT n FROM counter');
        await new Promise((r) => setTimeout(r, 50)); // both have read before either writes
        await em.query('UPDATE counter SET n = ?', [Number(n) + 1]);
      });
    await Promise.all([increment(a!), increment(b!), increment(a!), increment(b!)]);
    // And no lost update: the second transaction read the first one's result.
    expect(await a!.query('SELECT n FROM counter')).toEqual([{ n: 4 }]);
  });
});
