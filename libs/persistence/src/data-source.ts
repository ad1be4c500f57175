import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';
import * as sqlite3 from 'sqlite3';
import { mkdirSync } from 'fs';
import { dirname } from 'path';
import { DatabaseConfig } from '@gatehouse/config';
import { ENTITY_SCHEMAS, MIGRATIONS } from '@gatehouse/schemas';
import { inAmbientTransaction } from './ambient-transaction';
import { serializeSqliteTransactions } from './sqlite-serialization';

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  if (db.type === 'sqlite') {
    return {
      type: 'sqlite',
      database: db.path,
      // Not TypeORM's `enableWAL`: it sends `PRAGMA journal_mode = WAL` before `PRAGMA busy_timeout`, so
      // a second process opening a new file at the same instant got SQLITE_BUSY at once. WAL is switched
      // on in openDataSource, once the busy timeout is in force.
      busyTimeout: SQLITE_BUSY_TIMEOUT_MS,
      driver: SQLITE3_QUIET,
      entities: ENTITY_SCHEMAS,
      migrations: MIGRATIONS.sqlite,
      synchronize: false,
      logging: false,
    };
  }
  return {
    type: 'postgres',
    url: db.url,
    entities: ENTITY_SCHEMAS,
    migrations: MIGRATIONS.postgres,
    synchronize: false,
    logging: false,
    // A connection that cannot be had within PG_CONNECT_TIMEOUT_MS fails (503) rather than queueing the
    // request forever (pg's default) when the server is unreachable; TCP keep-alive notices a dead peer.
    extra: { max: 10, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, keepAlive: true },
  };
}

/**
 * sqlite3 without its verbose mode. TypeORM calls `driver.verbose()` on whatever driver it is given, and
 * sqlite3's verbose mode wraps every statement to capture an Error (a stack trace) and `util.inspect` its
 * arguments: about 7% of the CPU of a management read in a profile (docs/decisions.md, "sqlite3 quiet").
 * This driver's `verbose()` hands back the plain module; errors keep their SQLite code and message.
 */
const SQLITE3_QUIET: unknown = Object.create(sqlite3, { verbose: { value: () => sqlite3 } });

/** How long a request waits for a PostgreSQL connection (a new one, or a free one of the pool). */
export const PG_CONNECT_TIMEOUT_MS = 5_000;

/** How long a SQLite statement waits for another process's lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Arbitrary but fixed: serialises migrations when several instances start on one PostgreSQL. */
const MIGRATION_LOCK = 7_260_424_101;

/**
 * Open the database and apply pending migrations (never `synchronize`). Several processes may do this
 * on one database at the same instant: each waits for the others' locks, and migrations run once.
 */
export async function openDataSource(db: DatabaseConfig): Promise<DataSource> {
  if (db.type === 'sqlite' && db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
  const ds = new DataSource(dataSourceOptions(db));
  await ds.initialize();
  if (db.type === 'sqlite') {
    serializeSqliteTransactions(ds);
    await switchToWal(ds);
    // FULL, not NORMAL: in WAL mode NORMAL syncs only at checkpoints, so a power loss could take back
    // commits already acknowledged; FULL syncs the WAL at every commit (SPEC §10, docs/decisions.md).
    await ds.query('PRAGMA synchronous = FULL');
    // Checking which migrations are pending and applying them is one write transaction (BEGIN
    // IMMEDIATE, see serializeSqliteTransactions): a process starting at the same time waits for it,
    // then finds nothing pending, instead of creating the same tables a second time. Foreign keys are
    // off while migrations run (as TypeORM does; the pragma cannot change inside a transaction).
    await ds.query('PRAGMA foreign_keys = OFF');
    try {
      await ds.manager.transaction(() => ds.runMigrations({ transaction: 'none' }));
    } finally {
      await ds.query('PRAGMA foreign_keys = ON');
    }
  } else {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }
  return ds;
}

/**
 * `PRAGMA journal_mode = WAL` on a new file needs SQLite's exclusive lock, and when another process is
 * switching the same file at the same instant SQLite may answer SQLITE_BUSY without calling the busy
 * handler (seen about once in ten simultaneous starts). That one statement is retried, bounded by the
 * busy timeout; once either process has switched, the mode is persistent and the statement succeeds.
 */
async function switchToWal(ds: DataSource): Promise<void> {
  const until = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      await ds.query('PRAGMA journal_mode = WAL');
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 40)));
    }
  }
}

/** Arbitrary but fixed: see exclusiveTransaction. */
const STARTUP_LOCK = 7_260_424_102;

/**
 * A transaction that runs alone among every process on the database, for check-then-create work
 * such as the first-start seed. On SQLite every transaction already is (BEGIN IMMEDIATE takes the
 * database's one write lock, and waits for it); on PostgreSQL a transaction-scoped advisory lock is
 * taken first, so a second process blocks until the first commits and then sees its rows.
 */
export function exclusiveTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  // Ambient (ambient-transaction.ts): services called inside it through their usual repositories (the
  // GATEHOUSE_SEED file applied to a tenant being created) join this transaction.
  return inAmbientTransaction(ds, async (em) => {
    if (ds.options.type === 'postgres') await em.query('SELECT pg_advisory_xact_lock($1)', [STARTUP_LOCK]);
    return fn(em);
  });
}
