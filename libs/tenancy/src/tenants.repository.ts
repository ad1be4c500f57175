import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountRow, AccountSchema, TenantRow, TenantSchema } from '@gatehouse/schemas';

/** Accounts and their tenants: the only reader and writer of those two tables. */
@Injectable()
export class TenantsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  private tenants(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(TenantSchema);
  }

  private accounts(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(AccountSchema);
  }

  findById(id: string): Promise<TenantRow | null> {
    return this.tenants().findOneBy({ id });
  }

  findByDomain(domain: string, em?: EntityManager): Promise<TenantRow | null> {
    return this.tenants(em).findOneBy({ domain });
  }

  findDefault(em?: EntityManager): Promise<TenantRow | null> {
    return this.tenants(em).findOneBy({ is_default: true });
  }

  async tenantIdsOfAccount(accountId: string): Promise<string[]> {
    return (await this.tenants().find({ select: { id: true }, where: { account_id: accountId } })).map((t) => t.id);
  }

  async insert(row: TenantRow, em: EntityManager): Promise<void> {
    await this.tenants(em).insert(row);
  }

  async moveDomain(tenantId: string, domain: string, em: EntityManager): Promise<void> {
    await this.tenants(em).update({ id: tenantId }, { domain });
  }

  async updateSettings(tenantId: string, settings: TenantRow['settings']): Promise<void> {
    await this.tenants().update({ id: tenantId }, { settings });
  }

  findAccount(accountId: string): Promise<AccountRow | null> {
    return this.accounts().findOneBy({ id: accountId });
  }

  async insertAccount(row: AccountRow, em?: EntityManager): Promise<void> {
    await this.accounts(em).insert(row);
  }

  async markPermissiveEligible(accountId: string, em?: EntityManager): Promise<void> {
    await this.accounts(em).update({ id: accountId }, { permissive_eligible: true });
  }
}
