import type { LogEventRow } from '@gatehouse/schemas';
import { toLogResponse } from './log-event.mapper';
import { LogEvent, logEventFromRow } from './log-event.model';

const row = (over: Partial<LogEventRow>): LogEventRow => ({
  tenant_id: 't1',
  log_id: '900000000000000001',
  date: '2026-11-01T00:00:00.000Z',
  type: 'sapi',
  description: null,
  client_id: null,
  client_name: null,
  ip: null,
  user_agent: null,
  hostname: null,
  audience: null,
  scope: null,
  connection: null,
  user_id: null,
  user_name: null,
  details: null,
  ...over,
});

describe('logEventFromRow: the one place a stored event becomes a LogEvent', () => {
  it.each<[string, LogEventRow, LogEvent]>([
    ['only what every event has', row({}), { tenantId: 't1', logId: '900000000000000001', date: '2026-11-01T00:00:00.000Z', type: 'sapi' }],
    [
      'an exchange, every column set',
      row({
        type: 'seccft',
        description: 'd',
        client_id: 'c1',
        client_name: 'App',
        ip: '203.0.113.7',
        user_agent: 'curl/8',
        hostname: 'gatehouse.test',
        audience: 'https://api.example',
        scope: 'read:a',
        connection: 'db',
        user_id: 'u1',
        user_name: 'u@example.com',
        details: { error: 'x' },
      }),
      {
        tenantId: 't1',
        logId: '900000000000000001',
        date: '2026-11-01T00:00:00.000Z',
        type: 'seccft',
        description: 'd',
        clientId: 'c1',
        clientName: 'App',
        ip: '203.0.113.7',
        userAgent: 'curl/8',
        hostname: 'gatehouse.test',
        audience: 'https://api.example',
        scope: 'read:a',
        connection: 'db',
        userId: 'u1',
        userName: 'u@example.com',
        details: { error: 'x' },
      },
    ],
    [
      'an empty string is a value',
      row({ description: '' }),
      { tenantId: 't1', logId: '900000000000000001', date: '2026-11-01T00:00:00.000Z', type: 'sapi', description: '' },
    ],
  ])('%s', (_name, r, expected) => {
    expect(logEventFromRow(r)).toEqual(expected);
  });

  it('refuses a type that is not a log event type', () => {
    expect(() => logEventFromRow(row({ type: 'nope' }))).toThrow(/not a log event type/);
  });
});

describe("toLogResponse: Auth0's shape, unset properties omitted", () => {
  it.each<[string, LogEventRow, Record<string, unknown>]>([
    ['a bare event', row({}), { date: '2026-11-01T00:00:00.000Z', type: 'sapi', log_id: '900000000000000001' }],
    [
      'with a client and details',
      row({ type: 'fapi', client_id: 'c1', client_name: 'App', details: { request: { method: 'POST' } } }),
      {
        date: '2026-11-01T00:00:00.000Z',
        type: 'fapi',
        client_id: 'c1',
        client_name: 'App',
        details: { request: { method: 'POST' } },
        log_id: '900000000000000001',
      },
    ],
  ])('%s', (_name, r, expected) => {
    expect(toLogResponse(logEventFromRow(r))).toEqual(expected);
  });
});
