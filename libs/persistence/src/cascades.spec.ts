import { DataSource } from 'typeorm';
import { Cascade, Cascades } from './cascades';
import { openDataSource } from './data-source';

const DELETED = new Cascade<{ id: string }>('thing deleted');
const OTHER = new Cascade<{ id: string }>('other thing deleted');

describe('Cascades', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource({ type: 'sqlite', path: ':memory:' });
    await ds.query('CREATE TABLE things (id varchar PRIMARY KEY)');
    await ds.query('CREATE TABLE dependents (id varchar PRIMARY KEY, thing_id varchar NOT NULL)');
  });
  afterAll(() => ds.destroy());
  beforeEach(async () => {
    await ds.query('DELETE FROM dependents');
    await ds.query('DELETE FROM things');
    await ds.query(`INSERT INTO things (id) VALUES ('t1')`);
    await ds.query(`INSERT INTO dependents (id, thing_id) VALUES ('d1', 't1'), ('d2', 't1')`);
  });

  /** The owner's delete: its cascade first, then its own row, in one transaction. */
  const deleteThing = (cascades: Cascades, id: string, fail = false) =>
    ds.transaction(async (em) => {
      await cascades.run(DELETED, em, { id });
      await em.query('DELETE FROM things WHERE id = ?', [id]);
      if (fail) throw new Error('the owner failed');
    });
  const count = async (table: string) => Number((await ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('runs the handlers of that cascade, in the order registered, in the owner transaction', async () => {
    const cascades = new Cascades();
    const seen: string[] = [];
    cascades.on(DELETED, async (em, { id }) => {
      seen.push(`first ${id}`);
      await em.query('DELETE FROM dependents WHERE thing_id = ?', [id]);
    });
    cascades.on(DELETED, async () => void seen.push('second'));
    cascades.on(OTHER, async () => void seen.push('never'));
    await deleteThing(cascades, 't1');
    expect(seen).toEqual(['first t1', 'second']);
    expect([await count('things'), await count('dependents')]).toEqual([0, 0]);
  });

  it('is atomic: when the owner or a handler fails, neither the dependent rows nor the owner row go', async () => {
    const cascades = new Cascades();
    cascades.on(DELETED, async (em, { id }) => void (await em.query('DELETE FROM dependents WHERE thing_id = ?', [id])));
    await expect(deleteThing(cascades, 't1', true)).rejects.toThrow('the owner failed');
    expect([await count('things'), await count('dependents')]).toEqual([1, 2]);

    cascades.on(DELETED, async () => Promise.reject(new Error('a dependent refused')));
    await expect(deleteThing(cascades, 't1')).rejects.toThrow('a dependent refused');
    expect([await count('things'), await count('dependents')]).toEqual([1, 2]);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(new Cascades().run(DELETED, ds.manager, { id: 't1' })).rejects.toThrow("runs inside the owner's transaction");
  });

  it('runs nothing when no lib depends on the cascade', async () => {
    await deleteThing(new Cascades(), 't1');
    expect([await count('things'), await count('dependents')]).toEqual([0, 2]);
  });
});
