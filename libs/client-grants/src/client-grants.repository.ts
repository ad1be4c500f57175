import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Pagination } from '@gatehouse/http';
import { listPage } from '@gatehouse/persistence';
import { grantOwnerKey, SubjectType } from '@gatehouse/policy';
import { ClientGrantSchema } from '@gatehouse/schemas';
import { ClientGrant, clientGrantFromRow, clientGrantToRow, DefaultFor, GrantOwner } from './client-grant.model';

/** The filters of GET /api/v2/client-grants, each optional. */
export interface ClientGrantFilters {
  audience?: string;
  clientId?: string;
  subjectType?: SubjectType;
  defaultFor?: DefaultFor;
  allowAnyOrganization?: boolean;
}

/**
 * Every method takes the tenant id: no query can see another tenant's grants. Those taking an
 * EntityManager run inside the caller's transaction (cascades and tenant contents, docs/decisions.md).
 */
@Injectable()
export class ClientGrantsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(ClientGrantSchema);
  }

  async find(tenantId: string, id: string): Promise<ClientGrant | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, id });
    return row ? clientGrantFromRow(row) : undefined;
  }

  /** The one grant of an owner for an API and subject type (the three are unique together). */
  async findFor(tenantId: string, owner: GrantOwner, audience: string, subjectType: SubjectType): Promise<ClientGrant | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, owner_key: grantOwnerKey(owner), audience, subject_type: subjectType });
    return row ? clientGrantFromRow(row) : undefined;
  }

  /** Throws the database's unique violation when the owner already has a grant for the API and subject type. */
  async insert(grant: ClientGrant, em?: EntityManager): Promise<void> {
    await this.repo(em).insert(clientGrantToRow(grant));
  }

  /** Stores what a PATCH may change: the scopes and Auth0's other properties. */
  async update(grant: ClientGrant): Promise<void> {
    const { scope, body, allow_any_organization } = clientGrantToRow(grant);
    await this.repo().update({ tenant_id: grant.tenantId, id: grant.id }, { scope, body, allow_any_organization } as never);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const res = await this.repo().delete({ tenant_id: tenantId, id });
    return (res.affected ?? 0) > 0;
  }

  /** An application's grants (it is being deleted). */
  async deleteOfClient(tenantId: string, clientId: string, em: EntityManager): Promise<void> {
    await this.repo(em).delete({ tenant_id: tenantId, client_id: clientId });
  }

  /** The grants on an API (it is being deleted). */
  async deleteForAudience(tenantId: string, audience: string, em: EntityManager): Promise<void> {
    await this.repo(em).delete({ tenant_id: tenantId, audience });
  }

  /** The grants on an API follow its identifier from `from` to `to`. */
  async moveAudience(tenantId: string, from: string, to: string, em: EntityManager): Promise<void> {
    await this.repo(em).update({ tenant_id: tenantId, audience: from }, { audience: to });
  }

  /** Sets the scopes of an application's grant for an API and subject type, if it has one. */
  async setScopesOfClient(
    tenantId: string,
    clientId: string,
    audience: string,
    subjectType: SubjectType,
    scopes: readonly string[],
    em: EntityManager,
  ): Promise<void> {
    await this.repo(em).update({ tenant_id: tenantId, client_id: clientId, audience, subject_type: subjectType }, { scope: [...scopes] });
  }

  /** One page, by keyset for checkpoints and by offset for page/per_page, ordered (created_at, id). */
  async list(tenantId: string, f: ClientGrantFilters, p: Pagination): Promise<{ grants: ClientGrant[]; total: number }> {
    const filtered = () => {
      const q = this.repo().createQueryBuilder('g').where('g.tenant_id = :tid', { tid: tenantId });
      if (f.audience) q.andWhere('g.audience = :aud', { aud: f.audience });
      if (f.clientId) q.andWhere('g.client_id = :cid', { cid: f.clientId });
      if (f.subjectType) q.andWhere('g.subject_type = :st', { st: f.subjectType });
      if (f.defaultFor) q.andWhere('g.default_for = :df', { df: f.defaultFor });
      if (f.allowAnyOrganization !== undefined) q.andWhere('g.allow_any_organization = :ao', { ao: f.allowAnyOrganization });
      return q;
    };
    const { rows, total } = await listPage(filtered, 'g', 'id', p);
    return { grants: rows.map(clientGrantFromRow), total };
  }
}
