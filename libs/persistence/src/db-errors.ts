import { DataSource } from 'typeorm';

/** A unique-constraint violation, on either dialect (SQLite's SQLITE_CONSTRAINT, PostgreSQL's 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string; errno?: number }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  if (code === '23505') return true;
  return code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(e?.message ?? '');
}

/** Why the database could not serve a statement: a driver or network code, never a message or a URL. */
export interface DatabaseUnavailable {
  /** e.g. `ECONNREFUSED`, PostgreSQL's SQLSTATE `57P01`, `SQLITE_BUSY`, or one of NO_CODE's names. */
  code: string;
}

/** Socket-level failures reaching the database server (Node's system error codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

/**
 * PostgreSQL SQLSTATEs that say the server cannot serve now, not that the statement is wrong: class 08
 * (connection exception), 53 (insufficient resources: disk full, out of memory, too many connections),
 * 57P01–57P03 (admin or crash shutdown, cannot connect now: starting up or shutting down), and the
 * server refusing this instance (class 28, invalid authorization; 3D000, no such database): no request
 * can be served until an operator acts, which /readyz names.
 */
function isUnavailableSqlState(code: string): boolean {
  return /^(08|53|28)[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '3D000';
}

/**
 * SQLite result codes of a database that cannot be used now (another process holding the write lock
 * past the busy timeout, I/O errors, a full disk, a file that cannot be opened or written). Not
 * SQLITE_CONSTRAINT, SQLITE_ERROR or SQLITE_CORRUPT: those are faults of the statement or the data.
 */
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PROTOCOL']);

/**
 * Errors that node-postgres, pg-pool and TypeORM raise without any code when the connection is gone or
 * cannot be had; the only thing that names them is their fixed text, so it is matched here and nowhere
 * else (exactly, not by pattern). The key is the code reported for them.
 */
const NO_CODE: Readonly<Record<string, string>> = {
  'Connection terminated unexpectedly': 'CONNECTION_TERMINATED',
  'Connection terminated': 'CONNECTION_TERMINATED',
  'Connection terminated due to connection timeout': 'CONNECT_TIMEOUT',
  'timeout exceeded when trying to connect': 'POOL_TIMEOUT',
  'timeout expired': 'CONNECT_TIMEOUT',
  'Query read timeout': 'QUERY_READ_TIMEOUT',
  'Client has encountered a connection error and is not queryable': 'CONNECTION_ERROR',
  'Client was closed and is not queryable': 'CONNECTION_CLOSED',
  'Cannot use a pool after calling end on the pool': 'POOL_CLOSED',
  // TypeORM's PostgreSQL driver once its DataSource is destroyed (a plain TypeORMError, no code): raw
  // `ds.query` calls (the shared rate limiter) reach the driver without the not-connected check.
  'Driver not Connected': 'NOT_CONNECTED',
};

/**
 * TypeORM's errors for a DataSource that is not (or no longer) connected, and for a transaction whose
 * connection died under it: TypeORM releases the query runner when its PostgreSQL client reports an error
 * (a terminated backend), and the transaction's next statement or its COMMIT, never sent, fails with
 * QueryRunnerAlreadyReleasedError (QueryRunnerProviderAlreadyReleasedError when the transaction had not
 * begun); PostgreSQL rolled the transaction back, so nothing was acknowledged.
 */
const TYPEORM_NOT_CONNECTED = new Set([
  'CannotExecuteNotConnectedError',
  'CannotGetEntityManagerNotConnectedError',
  'ConnectionIsNotSetError',
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/**
 * The one place that decides whether an error means "the database cannot be reached or used right now"
 * (the request may succeed if retried later: 503 with Retry-After) rather than a fault of the request or
 * of Gatehouse (4xx, 500). Looks through TypeORM's QueryFailedError (driverError), an Error's `cause` and
 * an AggregateError's errors (Node's happy-eyeballs connect), on both dialects.
 */
export function databaseUnavailable(err: unknown, depth = 0): DatabaseUnavailable | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code) {
    if (NETWORK_CODES.has(code) || isUnavailableSqlState(code)) return { code };
    const sqlite = /^SQLITE_[A-Z]+/.exec(code)?.[0];
    if (sqlite && SQLITE_CODES.has(sqlite)) return { code: sqlite };
  }
  if (typeof e.name === 'string' && TYPEORM_NOT_CONNECTED.has(e.name)) return { code: 'NOT_CONNECTED' };
  if (typeof e.message === 'string' && Object.hasOwn(NO_CODE, e.message)) return { code: NO_CODE[e.message]! };
  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = databaseUnavailable(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * What GET /readyz reports. When not ready it says why: the database cannot be reached (with the
 * driver's or network's error code, never a message or a connection string), another database error
 * (its code when it has a plain one), or migrations not yet applied.
 */
export type Readiness =
  | { ready: true }
  | { ready: false; reason: 'database_unreachable' | 'database_error'; code?: string }
  | { ready: false; reason: 'migrations_pending' | 'not_initialized' };

/** GET /readyz: ready when the database answers and no migration is pending, else why not. */
export async function readiness(ds: DataSource): Promise<Readiness> {
  if (!ds.isInitialized) return { ready: false, reason: 'not_initialized' };
  try {
    await ds.query('SELECT 1');
    if (await ds.showMigrations()) return { ready: false, reason: 'migrations_pending' };
    return { ready: true };
  } catch (err) {
    const unavailable = databaseUnavailable(err);
    if (unavailable) return { ready: false, reason: 'database_unreachable', code: unavailable.code };
    const code = (err as { code?: unknown })?.code;
    return { ready: false, reason: 'database_error', ...(typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? { code } : {}) };
  }
}
