import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { Auth0Error, badQuery as bad, boolParam, DEFAULT_PER_PAGE, ErrorCode, intParam as int, MAX_PER_PAGE, parseProjection, project, rejectUnknownQuery } from '@gatehouse/http';
import { LogEventRow, LogEventSchema } from '@gatehouse/schemas';
import { Tenant } from '@gatehouse/tenancy';
import { LogSearchClause, LogSearchError, parseLogSearch } from './log-search';
import { LogWriter } from './log-writer';

type Obj = Record<string, unknown>;

const LIST_QUERY = new Set(['page', 'per_page', 'sort', 'fields', 'include_fields', 'include_totals', 'from', 'take', 'q', 'search']);
/** Auth0 serves search results from the first 1000 events only; checkpoints reach everything. */
export const LOG_SEARCH_WINDOW = 1000;
const LOG_ID = /^\d{1,64}$/;

export type LogList =
  | { kind: 'checkpoint'; logs: Obj[]; next: { from: string; take: number } }
  | { kind: 'search'; body: Obj[] | Obj };

function single(q: Obj, name: string): string | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') bad(`'${name}' must be given once.`);
  return v;
}

/** A stored event in Auth0's shape: unset properties omitted. */
export function toLogResponse(row: LogEventRow): Obj {
  const out: Obj = { date: row.date, type: row.type };
  for (const k of ['description', 'client_id', 'client_name', 'ip', 'user_agent', 'hostname', 'audience', 'scope', 'connection', 'user_id', 'user_name'] as const) {
    if (row[k] !== null && row[k] !== undefined) out[k] = row[k];
  }
  if (row.details) out.details = row.details;
  out.log_id = row.log_id;
  return out;
}

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** GET /api/v2/logs and /api/v2/logs/{id}: search (offset pages, newest first) and checkpoints (by log_id). */
@Injectable()
export class LogsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(LogWriter) private readonly writer: LogWriter,
  ) {}

  private repo() {
    return this.ds.getRepository(LogEventSchema);
  }

  async list(tenant: Tenant, query: Obj): Promise<LogList> {
    rejectUnknownQuery(query, LIST_QUERY);
    await this.writer.flush();
    if (query.from !== undefined || query.take !== undefined) return this.checkpoint(tenant, query);

    const page = int(query, 'page', 0, LOG_SEARCH_WINDOW) ?? 0;
    const perPage = int(query, 'per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
    if ((page + 1) * perPage > LOG_SEARCH_WINDOW) {
      bad(`you can only page through the first ${LOG_SEARCH_WINDOW} log events; use checkpoint pagination ('from', 'take') to read further.`);
    }
    const includeTotals = boolParam(query, 'include_totals') ?? false;
    const projection = parseProjection(query);
    const sort = single(query, 'sort') ?? 'date:-1';
    const sortMatch = /^date:(1|-1)$/.exec(sort);
    if (!sortMatch) bad(`'sort' must be date:1 or date:-1.`);
    const direction = sortMatch[1] === '1' ? 'ASC' : 'DESC';
    const search = [single(query, 'q'), single(query, 'search')].filter((s): s is string => s !== undefined).join(' ');
    let clauses: LogSearchClause[];
    try {
      clauses = parseLogSearch(search);
    } catch (e) {
      if (e instanceof LogSearchError) bad(`search: ${e.message}.`);
      throw e;
    }
    const base = () => this.filtered(tenant, clauses);
    const rows = await base()
      .orderBy('l.date', direction)
      .addOrderBy('l.log_id', direction)
      .skip(page * perPage)
      .take(perPage)
      .getMany();
    const logs = rows.map((r) => project(toLogResponse(r), projection));
    if (!includeTotals) return { kind: 'search', body: logs };
    // Auth0's log list wrapper, unlike the others, carries `length` (ListLogOffsetPaginatedResponseContent).
    return { kind: 'search', body: { start: page * perPage, limit: perPage, length: logs.length, total: await base().getCount(), logs } };
  }

  async get(tenant: Tenant, id: string): Promise<Obj> {
    await this.writer.flush();
    const row = LOG_ID.test(id) ? await this.repo().findOneBy({ tenant_id: tenant.id, log_id: id }) : null;
    if (!row) throw new Auth0Error(ErrorCode.NotFound, 'The log event does not exist.');
    return toLogResponse(row);
  }

  /**
   * Events after `from` in log_id order (Auth0: "any parameter other than from and take is
   * ignored"), a keyset page on the primary key.
   */
  private async checkpoint(tenant: Tenant, query: Obj): Promise<LogList> {
    const from = single(query, 'from');
    if (from !== undefined && !LOG_ID.test(from)) bad(`'from' must be a log_id.`);
    const take = int(query, 'take', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
    const q = this.repo().createQueryBuilder('l').where('l.tenant_id = :tid', { tid: tenant.id });
    if (from) q.andWhere('l.log_id > :from', { from });
    const rows = await q.orderBy('l.log_id', 'ASC').take(take).getMany();
    const last = rows.length ? rows[rows.length - 1]!.log_id : from;
    return { kind: 'checkpoint', logs: rows.map(toLogResponse), next: { from: last ?? '', take } };
  }

  private filtered(tenant: Tenant, clauses: LogSearchClause[]): SelectQueryBuilder<LogEventRow> {
    const q = this.repo().createQueryBuilder('l').where('l.tenant_id = :tid', { tid: tenant.id });
    clauses.forEach((c, i) => {
      const p = `p${i}`;
      switch (c.kind) {
        case 'exact':
          q.andWhere(`LOWER(l.${c.column}) = :${p}`, { [p]: c.value });
          break;
        case 'prefix':
          q.andWhere(`LOWER(l.${c.column}) LIKE :${p} ESCAPE '\\'`, { [p]: `${escapeLike(c.value)}%` });
          break;
        case 'any_prefix':
          q.andWhere(
            new Brackets((b) => {
              for (const col of c.columns) b.orWhere(`LOWER(l.${col}) LIKE :${p} ESCAPE '\\'`, { [p]: `${escapeLike(c.value)}%` });
            }),
          );
          break;
        case 'range':
          if (c.from) q.andWhere(`l.date >= :${p}f`, { [`${p}f`]: c.from });
          if (c.to) q.andWhere(`l.date <= :${p}t`, { [`${p}t`]: c.to });
          break;
      }
    });
    return q;
  }
}
