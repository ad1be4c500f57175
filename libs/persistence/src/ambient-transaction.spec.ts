import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { ambientManager, inAmbientTransaction } from './ambient-transaction';
import { openDataSource } from './data-source';

describe('inAmbientTransaction (SQLite)', () => {
  let dir: string;
  let ds: DataSource;
  const count = async () => Number((await ds.query('SELECT COUNT(*) AS n FROM t'))[0].n);
  // Code written against ds.manager, as the repositories are.
  const insert = (v: string) => ds.manager.getRepository('t').query('INSERT INTO t (v) VALUES (?)', [v]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-ambient-'));
    ds = await openDataSource({ type: 'sqlite', path: join(dir, 'a.sqlite') });
    await ds.query('CREATE TABLE t (v text NOT NULL)');
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => ds.query('DELETE FROM t'));

  it('commits what code using ds.manager wrote inside it', async () => {
    await inAmbientTransaction(ds, async (em) => {
      expect(ds.manager).toBe(em);
      expect(ambientManager(ds)).toBe(em);
      await ds.manager.query('INSERT INTO t (v) VALUES (?)', ['a']);
      await ds.transaction((inner) => inner.query('INSERT INTO t (v) VALUES (?)', ['b']));
    });
    expect(await count()).toBe(2);
    expect(ambientManager(ds)).toBeUndefined();
  });

  it('rolls back everything, nested transactions included, when the work throws', async () => {
    await expect(
      inAmbientTransaction(ds, async () => {
        await ds.manager.query('INSERT INTO t (v) VALUES (?)', ['a']);
        await ds.transaction((inner) => inner.query('INSERT INTO t (v) VALUES (?)', ['b']));
        throw new Error('after the writes');
      }),
    ).rejects.toThrow('after the writes');
    expect(await count()).toBe(0);
  });

  it('a nested transaction that fails is a savepoint: the outer work goes on and commits', async () => {
    await inAmbientTransaction(ds, async () => {
      await ds.manager.query('INSERT INTO t (v) VALUES (?)', ['kept']);
      await expect(
        ds.transaction(async (inner) => {
          await inner.query('INSERT INTO t (v) VALUES (?)', ['dropped']);
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    expect(await ds.query('SELECT v FROM t')).toEqual([{ v: 'kept' }]);
  });

  it('work started inside but run after the commit is not part of it', async () => {
    let late!: Promise<void>;
    await inAmbientTransaction(ds, async () => {
      late = new Promise<void>((r) => setTimeout(r, 20)).then(async () => {
        expect(ambientManager(ds)).toBeUndefined();
        await insert('late');
      });
    });
    // Someone else's transaction, open when the late write comes and rolled back after it: the late
    // write waits for it (it is not let in as if it belonged to it) and is not rolled back with it.
    await expect(
      ds.transaction(async (em) => {
        await em.query('INSERT INTO t (v) VALUES (?)', ['other']);
        await new Promise((r) => setTimeout(r, 80));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await late;
    expect(await ds.query('SELECT v FROM t')).toEqual([{ v: 'late' }]);
  });
});
