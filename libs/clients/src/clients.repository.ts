import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Pagination } from '@gatehouse/http';
import { Cascade, Cascades, listPage } from '@gatehouse/persistence';
import { ClientRow, ClientSchema } from '@gatehouse/schemas';

/** A client is deleted: rows that hang off it (grants now; tokens, codes and consents as they land) go with it. */
export const CLIENT_DELETED = new Cascade<{ tenantId: string; clientId: string }>('client deleted');

/** Ids per `IN` query: well under SQLite's and PostgreSQL's bound on bound parameters. */
const IDS_PER_QUERY = 500;

export interface ClientFilters {
  is_first_party?: boolean;
  is_global?: boolean;
  app_type?: string[];
}

/** Every method takes the tenant id: no query can see another tenant's clients. */
@Injectable()
export class ClientsRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Cascades) private readonly cascades: Cascades,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(ClientSchema);
  }

  find(tenantId: string, clientId: string, em?: EntityManager): Promise<ClientRow | null> {
    return this.repo(em).findOneBy({ tenant_id: tenantId, client_id: clientId });
  }

  /** client_id → name of those of `clientIds` the tenant has, one `IN` query per IDS_PER_QUERY ids. */
  async names(tenantId: string, clientIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (let i = 0; i < clientIds.length; i += IDS_PER_QUERY) {
      const rows = await this.repo().find({
        select: { client_id: true, name: true },
        where: { tenant_id: tenantId, client_id: In(clientIds.slice(i, i + IDS_PER_QUERY)) },
      });
      for (const r of rows) names.set(r.client_id, r.name);
    }
    return names;
  }

  findByAppType(tenantId: string, appType: string): Promise<ClientRow[]> {
    return this.repo().findBy({ tenant_id: tenantId, app_type: appType });
  }

  async insert(row: ClientRow, em?: EntityManager): Promise<void> {
    await this.repo(em).insert(row);
  }

  async update(tenantId: string, clientId: string, changes: Partial<ClientRow>, em?: EntityManager): Promise<void> {
    await this.repo(em).update({ tenant_id: tenantId, client_id: clientId }, changes as never);
  }

  /** Deletes the client and everything that hangs off it (CLIENT_DELETED), in one transaction. */
  async delete(tenantId: string, clientId: string): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      await this.cascades.run(CLIENT_DELETED, em, { tenantId, clientId });
      const res = await this.repo(em).delete({ tenant_id: tenantId, client_id: clientId });
      return (res.affected ?? 0) > 0;
    });
  }

  /** When the first third-party client of these tenants was created (permissive-mode eligibility). */
  async firstThirdParty(tenantIds: readonly string[]): Promise<{ clientId: string; createdAt: Date } | undefined> {
    const row = await this.repo()
      .createQueryBuilder('c')
      .where('c.tenant_id IN (:...tenantIds)', { tenantIds })
      .andWhere('c.is_first_party = :fp', { fp: false })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.client_id', 'ASC')
      .select('c.created_at', 'created_at')
      .addSelect('c.client_id', 'client_id')
      .getRawOne<{ created_at: string; client_id: string }>();
    return row ? { clientId: row.client_id, createdAt: new Date(row.created_at) } : undefined;
  }

  private filtered(tenantId: string, f: ClientFilters): SelectQueryBuilder<ClientRow> {
    const q = this.repo().createQueryBuilder('c').where('c.tenant_id = :tenantId', { tenantId });
    if (f.is_first_party !== undefined) q.andWhere('c.is_first_party = :fp', { fp: f.is_first_party });
    if (f.is_global !== undefined) q.andWhere('c.global = :g', { g: f.is_global });
    if (f.app_type?.length) q.andWhere('c.app_type IN (:...types)', { types: f.app_type });
    return q;
  }

  /** One page, by keyset for checkpoints and by offset for page/per_page, ordered (created_at, client_id). */
  list(tenantId: string, f: ClientFilters, p: Pagination): Promise<{ rows: ClientRow[]; total: number }> {
    return listPage(() => this.filtered(tenantId, f), 'c', 'client_id', p);
  }
}
