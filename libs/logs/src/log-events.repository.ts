import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { LogEventRow, LogEventSchema } from '@gatehouse/schemas';
import { LogEvent, logEventFromRow } from './log-event.model';
import type { LogSearchClause } from './log-search';

/** Rows per INSERT: 16 columns × 50 stays under SQLite's 999 bound variables. */
const INSERT_CHUNK = 50;

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The tenant log table. Every method takes the tenant id: no query can see another tenant's events. */
@Injectable()
export class LogEventsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  private repo() {
    return this.ds.getRepository(LogEventSchema);
  }

  /** False before the database is open and after it closed (the writer then keeps its queue). */
  get open(): boolean {
    return this.ds.isInitialized;
  }

  /**
   * Rows of any tenants (each row names its own), in bounded statements and one transaction: with `em`,
   * the caller's; otherwise its own (so a batch is committed whole, with one sync of the disk).
   */
  async insert(rows: readonly LogEventRow[], em?: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    const write = async (m: EntityManager) => {
      const repo = m.getRepository(LogEventSchema);
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await repo.insert(rows.slice(i, i + INSERT_CHUNK));
    };
    if (em) await write(em);
    else if (rows.length <= INSERT_CHUNK) await write(this.ds.manager);
    else await this.ds.transaction(write);
  }

  async find(tenantId: string, logId: string): Promise<LogEvent | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, log_id: logId });
    return row ? logEventFromRow(row) : undefined;
  }

  /** Up to `take` events after `from` (all from the first when absent), in log_id order: a keyset page on the primary key. */
  async after(tenantId: string, from: string | undefined, take: number): Promise<LogEvent[]> {
    const q = this.repo().createQueryBuilder('l').where('l.tenant_id = :tid', { tid: tenantId });
    if (from) q.andWhere('l.log_id > :from', { from });
    return (await q.orderBy('l.log_id', 'ASC').take(take).getMany()).map(logEventFromRow);
  }

  /** Events of these types of these clients, oldest first (the migration report's flows), one `IN` query per 500 ids. */
  async ofClients(tenantId: string, clientIds: readonly string[], types: readonly string[]): Promise<LogEvent[]> {
    const out: LogEvent[] = [];
    for (let i = 0; i < clientIds.length; i += 500) {
      const rows = await this.repo()
        .createQueryBuilder('l')
        .where('l.tenant_id = :tid', { tid: tenantId })
        .andWhere('l.client_id IN (:...ids)', { ids: clientIds.slice(i, i + 500) })
        .andWhere('l.type IN (:...types)', { types })
        .orderBy('l.log_id', 'ASC')
        .getMany();
      out.push(...rows.map(logEventFromRow));
    }
    return out;
  }

  /** One page of the events matching every clause, by date (then log_id) in `direction`. */
  async search(tenantId: string, clauses: readonly LogSearchClause[], page: { direction: 'ASC' | 'DESC'; offset: number; limit: number }): Promise<LogEvent[]> {
    const rows = await this.matching(tenantId, clauses)
      .orderBy('l.date', page.direction)
      .addOrderBy('l.log_id', page.direction)
      .skip(page.offset)
      .take(page.limit)
      .getMany();
    return rows.map(logEventFromRow);
  }

  count(tenantId: string, clauses: readonly LogSearchClause[]): Promise<number> {
    return this.matching(tenantId, clauses).getCount();
  }

  /** Retention: drop a tenant's events dated before `before`, then all but its newest `keep`. */
  async prune(tenantId: string, { before, keep }: { before: string; keep: number }): Promise<void> {
    const repo = this.repo();
    await repo.createQueryBuilder().delete().where('tenant_id = :t AND "date" < :cutoff', { t: tenantId, cutoff: before }).execute();
    const [edge] = await repo
      .createQueryBuilder('l')
      .select('l.log_id', 'log_id')
      .where('l.tenant_id = :t', { t: tenantId })
      .orderBy('l.log_id', 'DESC')
      .offset(keep)
      .limit(1)
      .getRawMany<{ log_id: string }>();
    if (edge) await repo.createQueryBuilder().delete().where('tenant_id = :t AND log_id <= :edge', { t: tenantId, edge: edge.log_id }).execute();
  }

  private matching(tenantId: string, clauses: readonly LogSearchClause[]): SelectQueryBuilder<LogEventRow> {
    const q = this.repo().createQueryBuilder('l').where('l.tenant_id = :tid', { tid: tenantId });
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
