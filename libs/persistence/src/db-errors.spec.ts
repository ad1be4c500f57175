import { QueryFailedError } from 'typeorm';
import { databaseUnavailable, isUniqueViolation } from './db-errors';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseUnavailable: is this error the database being unreachable or unusable right now?', () => {
  const unavailable: [string, unknown, string][] = [
    ['PostgreSQL stopped: connect refused', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'ECONNREFUSED'],
    ['connection reset mid-query', coded('ECONNRESET'), 'ECONNRESET'],
    ['DNS name of the database host not found', coded('ENOTFOUND'), 'ENOTFOUND'],
    ['happy-eyeballs connect: AggregateError of both addresses', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), 'ECONNREFUSED'],
    ['fast shutdown terminates the backend (admin_shutdown)', coded('57P01', 'terminating connection due to administrator command'), '57P01'],
    ['crash shutdown', coded('57P02'), '57P02'],
    ['the database system is starting up', coded('57P03'), '57P03'],
    ['connection exception class 08', coded('08006'), '08006'],
    ['too many connections', coded('53300'), '53300'],
    ['disk full', coded('53100'), '53100'],
    ['password refused', coded('28P01'), '28P01'],
    ['database does not exist', coded('3D000'), '3D000'],
    ['TypeORM QueryFailedError wrapping admin_shutdown', new QueryFailedError('SELECT 1', [], coded('57P01')), '57P01'],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), 'CONNECTION_TERMINATED'],
    ['pg-pool: connect timeout', new Error('Connection terminated due to connection timeout'), 'CONNECT_TIMEOUT'],
    ['pg-pool: pool exhausted', new Error('timeout exceeded when trying to connect'), 'POOL_TIMEOUT'],
    ['pg-pool: ended (shutting down)', new Error('Cannot use a pool after calling end on the pool'), 'POOL_CLOSED'],
    ['TypeORM PostgreSQL driver after destroy (ds.query)', Object.assign(new Error('Driver not Connected'), { name: 'TypeORMError' }), 'NOT_CONNECTED'],
    ['an error caused by a refused connect', new Error('wrapped', { cause: coded('ECONNREFUSED') }), 'ECONNREFUSED'],
    ['TypeORM not connected', Object.assign(new Error('no'), { name: 'CannotExecuteNotConnectedError' }), 'NOT_CONNECTED'],
    [
      'TypeORM: the transaction’s connection died (runner released)',
      Object.assign(new Error('Query runner already released'), { name: 'QueryRunnerAlreadyReleasedError' }),
      'NOT_CONNECTED',
    ],
    [
      'TypeORM: a transaction begun on a released runner',
      Object.assign(new Error('released'), { name: 'QueryRunnerProviderAlreadyReleasedError' }),
      'NOT_CONNECTED',
    ],
    ['SQLite: another process holds the write lock past the busy timeout', coded('SQLITE_BUSY', 'SQLITE_BUSY: database is locked'), 'SQLITE_BUSY'],
    ['SQLite: disk I/O error', coded('SQLITE_IOERR'), 'SQLITE_IOERR'],
    ['SQLite: disk full', coded('SQLITE_FULL'), 'SQLITE_FULL'],
    ['SQLite: file cannot be opened', coded('SQLITE_CANTOPEN'), 'SQLITE_CANTOPEN'],
    ['SQLite: read-only file', coded('SQLITE_READONLY'), 'SQLITE_READONLY'],
    ['TypeORM QueryFailedError wrapping SQLITE_BUSY', new QueryFailedError('INSERT', [], coded('SQLITE_BUSY')), 'SQLITE_BUSY'],
  ];
  it.each(unavailable)('%s → 503 with code', (_, err, code) => {
    expect(databaseUnavailable(err)).toEqual({ code });
  });

  const notUnavailable: [string, unknown][] = [
    ['unique violation (PostgreSQL)', coded('23505')],
    ['unique violation (SQLite)', coded('SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: UNIQUE constraint failed')],
    ['undefined table', coded('42P01')],
    ['serialization failure', coded('40001')],
    ['statement timeout / cancelled', coded('57014')],
    ['SQLite syntax error', coded('SQLITE_ERROR')],
    ['SQLite corrupt file (not transient: a 500)', coded('SQLITE_CORRUPT')],
    ['QueryFailedError of a bad statement', new QueryFailedError('SELECT nope', [], coded('42703'))],
    ['an ordinary Error', new Error('boom')],
    ['an Error whose text merely contains the words', new Error('oops: Connection terminated unexpectedly')],
    ['a domain error code', coded('invalid_body')],
    ['not an object', 'ECONNREFUSED'],
    ['nothing', undefined],
  ];
  it.each(notUnavailable)('%s → not an outage', (_, err) => {
    expect(databaseUnavailable(err)).toBeUndefined();
  });

  it('a cycle of causes ends', () => {
    const a: { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(databaseUnavailable(a)).toBeUndefined();
  });

  it('isUniqueViolation is unchanged by it', () => {
    expect(isUniqueViolation(coded('23505'))).toBe(true);
    expect(isUniqueViolation(coded('ECONNREFUSED'))).toBe(false);
  });
});
