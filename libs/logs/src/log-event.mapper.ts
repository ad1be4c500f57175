import type { LogEventBody } from '@gatehouse/contract';
import { LogEvent, logEventColumns } from './log-event.model';

/** A stored event in Auth0's shape: unset properties omitted. */
export function toLogResponse(event: LogEvent): LogEventBody {
  const set: Partial<LogEventBody> = {};
  for (const [property, key] of logEventColumns) if (event[key] !== undefined) set[property] = event[key];
  return { date: event.date, type: event.type, ...set, ...(event.details ? { details: { ...event.details } } : {}), log_id: event.logId };
}
