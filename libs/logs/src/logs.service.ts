import { Inject, Injectable } from '@nestjs/common';
import type { LogEventBody, LogListBody } from '@gatehouse/contract';
import {
  Auth0Error,
  badQuery as bad,
  boolParam,
  DEFAULT_PER_PAGE,
  ErrorCode,
  intParam as int,
  MAX_PER_PAGE,
  parseProjection,
  project,
  QueryValue,
} from '@gatehouse/http';
import { Tenant } from '@gatehouse/tenancy';
import { toLogResponse } from './log-event.mapper';
import { LogEventsRepository } from './log-events.repository';
import { LogSearchClause, LogSearchError, parseLogSearch } from './log-search';
import { LogWriter } from './log-writer';
import { ListLogsQuery } from './logs.dto';

/** Auth0 serves search results from the first 1000 events only; checkpoints reach everything. */
export const LOG_SEARCH_WINDOW = 1000;
const LOG_ID = /^\d{1,64}$/;

export type LogList = { kind: 'checkpoint'; logs: LogEventBody[]; next: { from: string; take: number } } | { kind: 'search'; body: LogListBody };

function single(v: QueryValue | undefined, name: string): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') bad(`'${name}' must be given once.`);
  return v;
}

/** GET /api/v2/logs and /api/v2/logs/{id}: search (offset pages, newest first) and checkpoints (by log_id). */
@Injectable()
export class LogsService {
  constructor(
    @Inject(LogEventsRepository) private readonly events: LogEventsRepository,
    @Inject(LogWriter) private readonly writer: LogWriter,
  ) {}

  async list(tenant: Tenant, query: ListLogsQuery): Promise<LogList> {
    await this.writer.flush();
    if (query.from !== undefined || query.take !== undefined) return this.checkpoint(tenant, query);

    const q = { ...query };
    const page = int(q, 'page', 0, LOG_SEARCH_WINDOW) ?? 0;
    const perPage = int(q, 'per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
    if ((page + 1) * perPage > LOG_SEARCH_WINDOW) {
      bad(`you can only page through the first ${LOG_SEARCH_WINDOW} log events; use checkpoint pagination ('from', 'take') to read further.`);
    }
    const includeTotals = boolParam(q, 'include_totals') ?? false;
    const projection = parseProjection(q);
    const sort = single(query.sort, 'sort') ?? 'date:-1';
    const sortMatch = /^date:(1|-1)$/.exec(sort);
    if (!sortMatch) bad(`'sort' must be date:1 or date:-1.`);
    const direction = sortMatch[1] === '1' ? 'ASC' : 'DESC';
    const search = [single(query.q, 'q'), single(query.search, 'search')].filter((s): s is string => s !== undefined).join(' ');
    let clauses: LogSearchClause[];
    try {
      clauses = parseLogSearch(search);
    } catch (e) {
      if (e instanceof LogSearchError) bad(`search: ${e.message}.`);
      throw e;
    }
    const events = await this.events.search(tenant.id, clauses, { direction, offset: page * perPage, limit: perPage });
    const logs = events.map((e) => project(toLogResponse(e), projection));
    if (!includeTotals) return { kind: 'search', body: logs };
    // Auth0's log list wrapper, unlike the others, carries `length` (ListLogOffsetPaginatedResponseContent).
    return { kind: 'search', body: { start: page * perPage, limit: perPage, length: logs.length, total: await this.events.count(tenant.id, clauses), logs } };
  }

  async get(tenant: Tenant, id: string): Promise<LogEventBody> {
    await this.writer.flush();
    const event = LOG_ID.test(id) ? await this.events.find(tenant.id, id) : undefined;
    if (!event) throw new Auth0Error(ErrorCode.NotFound, 'The log event does not exist.');
    return toLogResponse(event);
  }

  /**
   * Events after `from` in log_id order (Auth0: "any parameter other than from and take is
   * ignored"), a keyset page on the primary key.
   */
  private async checkpoint(tenant: Tenant, query: ListLogsQuery): Promise<LogList> {
    const from = single(query.from, 'from');
    if (from !== undefined && !LOG_ID.test(from)) bad(`'from' must be a log_id.`);
    const take = int({ ...query }, 'take', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
    const events = await this.events.after(tenant.id, from, take);
    const last = events.length ? events[events.length - 1]!.logId : from;
    return { kind: 'checkpoint', logs: events.map(toLogResponse), next: { from: last ?? '', take } };
  }
}
