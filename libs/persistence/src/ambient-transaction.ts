import { AsyncLocalStorage } from 'async_hooks';
import { DataSource, EntityManager } from 'typeorm';

interface Ambient {
  ds: DataSource;
  em: EntityManager;
  /** False once the transaction has ended: a late continuation of its work then uses the pool again. */
  open: boolean;
}

const ambient = new AsyncLocalStorage<Ambient>();
const ENABLED = Symbol('gatehouse.ambientTransactions');

/**
 * Let one unit of work span code that was written against `ds.manager` (repositories take `em ?? ds.manager`,
 * `ds.transaction`, `ds.getRepository`): while `inAmbientTransaction` runs, `ds.manager` is that
 * transaction's EntityManager in the async context of the work, so every repository call in it joins
 * the transaction, and a nested `ds.transaction` becomes a savepoint of it. Outside that context
 * `ds.manager` is TypeORM's own. `ds.query` and `ds.createQueryBuilder` are not redirected; repository
 * code does not use them. (SQLite runs everything on one connection and needs this only so that the
 * nested transactions are savepoints of the same transaction on PostgreSQL as on SQLite.)
 */
export function enableAmbientTransactions(ds: DataSource): void {
  if ((ds as unknown as Record<symbol, boolean>)[ENABLED]) return;
  const own = ds.manager;
  Object.defineProperty(ds, 'manager', {
    configurable: true,
    enumerable: true,
    get(): EntityManager {
      const a = ambient.getStore();
      return a && a.open && a.ds === ds ? a.em : own;
    },
  });
  (ds as unknown as Record<symbol, boolean>)[ENABLED] = true;
}

/**
 * Run `fn` as one transaction that every repository call made within it joins (see
 * enableAmbientTransactions): it commits when `fn` resolves, and rolls back, leaving nothing, when `fn`
 * throws. Already inside one, `fn` runs as a savepoint of it.
 */
export function inAmbientTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  enableAmbientTransactions(ds);
  const state: Ambient[] = [];
  return ds
    .transaction((em) => {
      const a: Ambient = { ds, em, open: true };
      state.push(a);
      return ambient.run(a, () => fn(em));
    })
    .finally(() => {
      for (const a of state) a.open = false;
    });
}

/** The EntityManager of the ambient transaction on `ds`, when the caller runs inside one. */
export function ambientManager(ds: DataSource): EntityManager | undefined {
  const a = ambient.getStore();
  return a && a.open && a.ds === ds ? a.em : undefined;
}
