import { DataSource, DataSourceOptions } from 'typeorm';
import { mkdirSync } from 'fs';
import { dirname } from 'path';
import { DatabaseConfig } from '@gatehouse/config';
import { ENTITY_SCHEMAS, MIGRATIONS } from '@gatehouse/schemas';
import { serializeSqliteTransactions } from './sqlite-serialization';

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  if (db.type === 'sqlite') {
    return {
      type: 'sqlite',
      database: db.path,
      enableWAL: true,
      busyTimeout: 10_000,
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
    extra: { max: 10 },
  };
}

/** Arbitrary but fixed: serialises migrations when several instances start on one PostgreSQL. */
const MIGRATION_LOCK = 7_260_424_101;

/** Open the database and apply pending migrations (never `synchronize`). */
export async function openDataSource(db: DatabaseConfig): Promise<DataSource> {
  if (db.type === 'sqlite' && db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
  const ds = new DataSource(dataSourceOptions(db));
  await ds.initialize();
  if (db.type === 'sqlite') {
    serializeSqliteTransactions(ds);
    await ds.query('PRAGMA foreign_keys = ON');
    await ds.query('PRAGMA synchronous = NORMAL');
    await ds.runMigrations({ transaction: 'each' });
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

/** True when the database answers and no migration is pending (GET /readyz). */
export async function isReady(ds: DataSource): Promise<boolean> {
  if (!ds.isInitialized) return false;
  await ds.query('SELECT 1');
  return !(await ds.showMigrations());
}
