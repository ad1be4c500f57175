import { AsyncLocalStorage } from 'async_hooks';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Shared holders run together; an exclusive holder runs alone. First come, first served, so a
 * waiting exclusive holder is not starved by a stream of shared ones.
 */
export class ReadWriteLock {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: { exclusive: boolean; wake: () => void }[] = [];

  /** Holders waiting their turn (statements and transactions queued for the connection). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Holders running now: the statements sharing the connection, or 1 for a transaction holding it alone. */
  get activeCount(): number {
    return this.exclusive ? 1 : this.shared;
  }

  run<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    return this.acquire(exclusive).then(() => fn().finally(() => this.release(exclusive)));
  }

  private canRun(exclusive: boolean): boolean {
    return exclusive ? !this.exclusive && this.shared === 0 : !this.exclusive;
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.exclusive = true;
    else this.shared++;
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.waiting.length === 0 && this.canRun(exclusive)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ exclusive, wake: () => (this.take(exclusive), resolve()) }));
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    while (this.waiting.length > 0 && this.canRun(this.waiting[0]!.exclusive)) this.waiting.shift()!.wake();
  }
}

const sqliteLocks = new WeakMap<DataSource, ReadWriteLock>();

/**
 * The queue of a serialized SQLite DataSource's one connection (for /metrics): what waits and what runs
 * now. Undefined for a DataSource that serializeSqliteTransactions never saw (PostgreSQL).
 */
export function sqliteQueueOf(ds: DataSource): { waiting: number; active: number } | undefined {
  const lock = sqliteLocks.get(ds);
  return lock ? { waiting: lock.waitingCount, active: lock.activeCount } : undefined;
}

/**
 * TypeORM's SQLite driver runs everything on ONE connection. Two transactions started at once on it
 * fail ("cannot start a transaction within a transaction"), and a plain write that lands between
 * another request's BEGIN and ROLLBACK would be rolled back with it. So, per process: a transaction
 * holds the connection alone, and every other statement waits while one is open (statements of the
 * transaction itself, recognised by their async context, go straight through). PostgreSQL gives each
 * transaction a pooled connection of its own and needs none of this.
 */
export function serializeSqliteTransactions(ds: DataSource): void {
  // The context says "inside a transaction" only while it is open: work a transaction started but that
  // runs after its COMMIT (a timer, a promise nobody awaited) waits for the lock like any other.
  const inTransaction = new AsyncLocalStorage<{ open: boolean }>();
  const inside = () => inTransaction.getStore()?.open === true;
  const lock = new ReadWriteLock();
  sqliteLocks.set(ds, lock);
  const manager: EntityManager = ds.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) =>
    inside()
      ? transaction(...args)
      : lock.run(true, () => {
          const state = { open: true };
          return inTransaction.run(state, () => transaction(...args)).finally(() => (state.open = false));
        });
  const runner = ds.createQueryRunner(); // the driver's one shared runner
  const raw = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  const query = (sql: unknown, ...rest: unknown[]) => raw(sql === TYPEORM_BEGIN ? BEGIN_IMMEDIATE : sql, ...rest);
  (runner as { query: unknown }).query = (sql: unknown, ...rest: unknown[]) => (inside() ? query(sql, ...rest) : lock.run(false, () => query(sql, ...rest)));
}

/**
 * Across processes, every transaction begins IMMEDIATE, taking SQLite's one write lock up front and
 * waiting for it under the busy timeout. TypeORM's plain `BEGIN` is DEFERRED: the transaction starts as
 * a reader and upgrades at its first write, and when another process holds the write lock (or has
 * committed since this transaction's first read) SQLite answers that upgrade with SQLITE_BUSY at once,
 * without calling the busy handler, because waiting could deadlock two readers that both want to
 * write. That is how a second process died with "database is locked" while seeding. Within a process
 * transactions are serialised already (above), so taking the lock early costs nothing there.
 */
const TYPEORM_BEGIN = 'BEGIN TRANSACTION';
const BEGIN_IMMEDIATE = 'BEGIN IMMEDIATE TRANSACTION';
