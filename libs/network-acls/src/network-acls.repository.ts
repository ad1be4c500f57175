import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NetworkAclSchema } from '@gatehouse/schemas';
import { NetworkAcl, networkAclFromRow, networkAclToRow } from './network-acl.model';

/** Every method takes the tenant id: no query can see another tenant's ACLs. */
@Injectable()
export class NetworkAclsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  private repo() {
    return this.ds.getRepository(NetworkAclSchema);
  }

  /** A tenant's ACLs in evaluation order (priority, then creation). */
  async list(tenantId: string): Promise<NetworkAcl[]> {
    const rows = await this.repo().find({ where: { tenant_id: tenantId }, order: { priority: 'ASC', created_at: 'ASC' } });
    return rows.map(networkAclFromRow);
  }

  async find(tenantId: string, id: string): Promise<NetworkAcl | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, id });
    return row ? networkAclFromRow(row) : undefined;
  }

  async insert(acl: NetworkAcl): Promise<void> {
    await this.repo().insert(networkAclToRow(acl));
  }

  async update(acl: NetworkAcl): Promise<void> {
    const { priority, active, description, rule } = networkAclToRow(acl);
    await this.repo().update({ tenant_id: acl.tenantId, id: acl.id }, { priority, active, description, rule } as never);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const res = await this.repo().delete({ tenant_id: tenantId, id });
    return (res.affected ?? 0) > 0;
  }
}
