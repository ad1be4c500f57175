import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Pagination } from '@gatehouse/http';
import { Cascade, Cascades, listPage } from '@gatehouse/persistence';
import { ResourceServerRow, ResourceServerSchema } from '@gatehouse/schemas';

/** An API is deleted: rows that name it as audience go with it, in the same transaction. */
export const RESOURCE_SERVER_DELETED = new Cascade<{ tenantId: string; identifier: string }>('resource server deleted');
/** An API's identifier moves (a system API follows its tenant's domain): rows that name it as audience follow. */
export const RESOURCE_SERVER_IDENTIFIER_MOVED = new Cascade<{ tenantId: string; from: string; to: string }>('resource server identifier moved');

/** Every method takes the tenant id: no query can see another tenant's APIs. */
@Injectable()
export class ResourceServersRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Cascades) private readonly cascades: Cascades,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(ResourceServerSchema);
  }

  find(tenantId: string, id: string): Promise<ResourceServerRow | null> {
    return this.repo().findOneBy({ tenant_id: tenantId, id });
  }

  findByIdentifier(tenantId: string, identifier: string, em?: EntityManager): Promise<ResourceServerRow | null> {
    return this.repo(em).findOneBy({ tenant_id: tenantId, identifier });
  }

  /** Throws the database's unique violation when the tenant already has an API with the identifier. */
  async insert(row: ResourceServerRow, em?: EntityManager): Promise<void> {
    await this.repo(em).insert(row);
  }

  async update(
    tenantId: string,
    id: string,
    changes: Pick<ResourceServerRow, 'name' | 'body'> & Partial<Pick<ResourceServerRow, 'is_system'>>,
    em?: EntityManager,
  ): Promise<void> {
    await this.repo(em).update({ tenant_id: tenantId, id }, changes as never);
  }

  /** Inside the caller's transaction: the API's identifier, and what names it as audience (RESOURCE_SERVER_IDENTIFIER_MOVED). */
  async moveIdentifier(tenantId: string, from: string, to: string, em: EntityManager): Promise<void> {
    await this.cascades.run(RESOURCE_SERVER_IDENTIFIER_MOVED, em, { tenantId, from, to });
    await this.repo(em).update({ tenant_id: tenantId, identifier: from }, { identifier: to });
  }

  /** The API and everything that hangs off it (RESOURCE_SERVER_DELETED), in one transaction. */
  async delete(tenantId: string, row: Pick<ResourceServerRow, 'id' | 'identifier'>): Promise<void> {
    await this.ds.transaction(async (em) => {
      await this.cascades.run(RESOURCE_SERVER_DELETED, em, { tenantId, identifier: row.identifier });
      await this.repo(em).delete({ tenant_id: tenantId, id: row.id });
    });
  }

  /** One page, by keyset for checkpoints and by offset for page/per_page, ordered (created_at, id); `identifiers` filters when given. */
  list(tenantId: string, identifiers: readonly string[], page: Pagination): Promise<{ rows: ResourceServerRow[]; total: number }> {
    const filtered = () => {
      const q = this.repo().createQueryBuilder('r').where('r.tenant_id = :tid', { tid: tenantId });
      if (identifiers.length) q.andWhere('r.identifier IN (:...ids)', { ids: identifiers });
      return q;
    };
    return listPage(filtered, 'r', 'id', page);
  }
}
