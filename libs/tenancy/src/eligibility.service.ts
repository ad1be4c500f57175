import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_TIMELINE, isAccountEligible } from '@gatehouse/policy';
import { AccountSchema, ClientSchema } from '@gatehouse/schemas';

/**
 * Permissive-mode eligibility of an account, derived from data (SPEC §2): a third-party client created
 * before security modes were introduced in any of its tenants, now or in the past. The `accounts` flag
 * remembers it when such a client is deleted later.
 */
@Injectable()
export class EligibilityService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async isEligible(accountId: string): Promise<boolean> {
    const account = await this.ds.getRepository(AccountSchema).findOneBy({ id: accountId });
    if (account?.permissive_eligible) return true;
    const row = await this.ds
      .getRepository(ClientSchema)
      .createQueryBuilder('c')
      .innerJoin('Tenant', 't', 't.id = c.tenant_id')
      .where('t.account_id = :accountId', { accountId })
      .andWhere('c.is_first_party = :fp', { fp: false })
      .orderBy('c.created_at', 'ASC')
      .select('c.created_at', 'created_at')
      .getRawOne<{ created_at: string }>();
    return row ? isAccountEligible([new Date(row.created_at)], DEFAULT_TIMELINE) : false;
  }

  /** Called when a third-party client is created: remember eligibility if it is pre-existing. */
  async recordThirdPartyClient(accountId: string, createdAt: Date, em?: EntityManager): Promise<void> {
    if (!isAccountEligible([createdAt], DEFAULT_TIMELINE)) return;
    await (em ?? this.ds.manager).getRepository(AccountSchema).update({ id: accountId }, { permissive_eligible: true });
  }
}
