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

  findById(id: string, em?: EntityManager): Promise<TenantRow | null> {
    return this.tenants(em).findOneBy({ id });
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

  findAccount(accountId: string, em?: EntityManager): Promise<AccountRow | null> {
    return this.accounts(em).findOneBy({ id: accountId });
  }

  async insertAccount(row: AccountRow, em?: EntityManager): Promise<void> {
    await this.accounts(em).insert(row);
  }

  /**
   * The account had a pre-April third-party client (`clientId`, created at `since`): remembered for good,
   * the earliest one named. A fact remembered before dates were kept stays undated.
   */
  async markPermissiveEligible(accountId: string, since: string, clientId: string, em?: EntityManager): Promise<void> {
    await this.accounts(em)
      .createQueryBuilder()
      .update()
      .set({ eligible_since: since, eligible_client_id: clientId })
      .where('id = :accountId', { accountId })
      .andWhere('((eligible_since IS NULL AND permissive_eligible = :no) OR eligible_since > :since)', { no: false, since })
      .execute();
    await this.accounts(em).update({ id: accountId }, { permissive_eligible: true });
  }

  async setHistory(accountId: string, since: string | null, em?: EntityManager): Promise<void> {
    await this.accounts(em).update({ id: accountId }, { history_since: since });
  }

  /** A page of accounts, oldest first (index ix_accounts_order), and their total. */
  async listAccounts(page: { skip: number; take: number }): Promise<{ rows: AccountRow[]; total: number }> {
    const [rows, total] = await this.accounts().findAndCount({ order: { created_at: 'ASC', id: 'ASC' }, skip: page.skip, take: page.take });
    return { rows, total };
  }

  /** A page of tenants (of one account, or all), oldest first, and their total. */
  async listTenants(accountId: string | undefined, page: { skip: number; take: number }): Promise<{ rows: TenantRow[]; total: number }> {
    const [rows, total] = await this.tenants().findAndCount({
      where: accountId ? { account_id: accountId } : {},
      order: { created_at: 'ASC', id: 'ASC' },
      skip: page.skip,
      take: page.take,
    });
    return { rows, total };
  }

  async countTenantsOfAccount(accountId: string, em?: EntityManager): Promise<number> {
    return this.tenants(em).countBy({ account_id: accountId });
  }

  /** Delete a tenant row; every table holding its data goes with it by ON DELETE CASCADE. */
  async deleteTenant(tenantId: string, em: EntityManager): Promise<boolean> {
    return ((await this.tenants(em).delete({ id: tenantId })).affected ?? 0) > 0;
  }

  async deleteAccount(accountId: string, em: EntityManager): Promise<boolean> {
    return ((await this.accounts(em).delete({ id: accountId })).affected ?? 0) > 0;
  }
}
