import type { LogEventRow } from '@gatehouse/schemas';
import { LOG_EVENT_TYPES, LogEventType } from './log-events';

/** A stored tenant log event as the code reads it: its type checked, unset properties absent. */
export interface LogEvent {
  tenantId: string;
  /** Sortable and unique: orders events as they were stored (checkpoints). */
  logId: string;
  /** When it happened, on the tenant's clock (ISO 8601). */
  date: string;
  type: LogEventType;
  description?: string;
  clientId?: string;
  clientName?: string;
  ip?: string;
  userAgent?: string;
  hostname?: string;
  audience?: string;
  scope?: string;
  connection?: string;
  userId?: string;
  userName?: string;
  /** What else is known, by type (redacted when it was stored). */
  details?: Readonly<Record<string, unknown>>;
}

/** Optional columns → the model's names, in the order Auth0 lists them. */
export const LOG_EVENT_COLUMNS = {
  description: 'description',
  client_id: 'clientId',
  client_name: 'clientName',
  ip: 'ip',
  user_agent: 'userAgent',
  hostname: 'hostname',
  audience: 'audience',
  scope: 'scope',
  connection: 'connection',
  user_id: 'userId',
  user_name: 'userName',
} as const satisfies Partial<Record<keyof LogEventRow, keyof LogEvent>>;
export type LogEventColumn = keyof typeof LOG_EVENT_COLUMNS;
/** The optional columns with their model names. */
export const logEventColumns = Object.entries(LOG_EVENT_COLUMNS) as [LogEventColumn, (typeof LOG_EVENT_COLUMNS)[LogEventColumn]][];

const isType = (t: string): t is LogEventType => Object.prototype.hasOwnProperty.call(LOG_EVENT_TYPES, t);

/** The one place a stored row becomes a LogEvent. */
export function logEventFromRow(row: LogEventRow): LogEvent {
  if (!isType(row.type)) throw new Error(`log event ${row.log_id}: stored type ${JSON.stringify(row.type)} is not a log event type`);
  const event: LogEvent = { tenantId: row.tenant_id, logId: row.log_id, date: row.date, type: row.type };
  for (const [column, key] of logEventColumns) {
    const value = row[column];
    if (value !== null && value !== undefined) event[key] = value;
  }
  if (row.details) event.details = row.details;
  return event;
}
