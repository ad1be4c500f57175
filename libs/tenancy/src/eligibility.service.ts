import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DEFAULT_TIMELINE, isAccountEligible } from '@gatehouse/policy';
import { TenantContents } from './tenant-contents';
import { TenantsRepository } from './tenants.repository';

/**
 * Permissive-mode eligibility of an account, derived from data (SPEC §2): a third-party client created
 * before security modes were introduced in any of its tenants, now or in the past. The `accounts` flag
 * remembers it when such a client is deleted later. The clients themselves are asked of the lib that
 * owns them (TenantContents).
 */
@Injectable()
export class EligibilityService {
  constructor(
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
    @Inject(TenantContents) private readonly contents: TenantContents,
  ) {}

  async isEligible(accountId: string): Promise<boolean> {
    const account = await this.tenants.findAccount(accountId);
    if (account?.permissive_eligible) return true;
    const tenantIds = await this.tenants.tenantIdsOfAccount(accountId);
    const first = tenantIds.length ? await this.contents.firstThirdPartyClientCreatedAt(tenantIds) : undefined;
    return first ? isAccountEligible([first], DEFAULT_TIMELINE) : false;
  }

  /** Called when a third-party client is created: remember eligibility if it is pre-existing. */
  async recordThirdPartyClient(accountId: string, createdAt: Date, em?: EntityManager): Promise<void> {
    if (!isAccountEligible([createdAt], DEFAULT_TIMELINE)) return;
    await this.tenants.markPermissiveEligible(accountId, em);
  }
}
