import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DEFAULT_TIMELINE, deriveEligibility, Eligibility, EligibilityEvidence, isAccountEligible } from '@gatehouse/policy';
import type { AccountRow } from '@gatehouse/schemas';
import { Clock } from './clock';
import { TenantContents } from './tenant-contents';
import { TenantsRepository } from './tenants.repository';

/**
 * Permissive-mode eligibility of an account, derived from data (SPEC §2) and read fresh on every call
 * against the clock (nothing time-derived is cached): its recorded history, a third-party client created
 * before security modes were introduced in any of its tenants now, or one remembered on its account row
 * (when it was created, which it was) after that client or its tenant was deleted. The clients
 * themselves are asked of the lib that owns them (TenantContents).
 */
@Injectable()
export class EligibilityService {
  constructor(
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
    @Inject(TenantContents) private readonly contents: TenantContents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async isEligible(accountId: string): Promise<boolean> {
    return (await this.explain(accountId)).eligible;
  }

  /** Whether the account is eligible, from which fact, since when: what errors and reports say. */
  async explain(accountId: string): Promise<Eligibility> {
    const account = await this.tenants.findAccount(accountId);
    return this.explainAccount(account, account ? await this.tenants.tenantIdsOfAccount(accountId) : []);
  }

  /** As `explain`, for an account row already read (the control plane lists many). */
  async explainAccount(account: AccountRow | null, tenantIds: readonly string[]): Promise<Eligibility> {
    const evidence: EligibilityEvidence[] = [];
    if (account?.history_since) evidence.push({ kind: 'recorded_history', since: new Date(account.history_since) });
    if (account?.permissive_eligible) {
      evidence.push({
        kind: 'pre_april_third_party_client',
        since: account.eligible_since ? new Date(account.eligible_since) : null,
        ...(account.eligible_client_id ? { clientId: account.eligible_client_id } : {}),
      });
    }
    const first = tenantIds.length ? await this.contents.firstThirdPartyClient(tenantIds) : undefined;
    if (first) evidence.push({ kind: 'pre_april_third_party_client', since: first.createdAt, clientId: first.clientId });
    return deriveEligibility(evidence, this.clock.now(), DEFAULT_TIMELINE);
  }

  /** Called when a third-party client is created: remember it on the account if it is pre-existing (the first one wins). */
  async recordThirdPartyClient(accountId: string, createdAt: Date, clientId: string, em?: EntityManager): Promise<void> {
    if (!isAccountEligible([createdAt], DEFAULT_TIMELINE)) return;
    await this.tenants.markPermissiveEligible(accountId, createdAt.toISOString(), clientId, em);
  }
}
