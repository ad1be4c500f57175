import { Inject, Injectable } from '@nestjs/common';
import { permissiveByDefaultEffective, PERMISSIVE_BY_DEFAULT_MIGRATION, permissiveByDefaultRefusal } from '@gatehouse/policy';
import { Clock, EligibilityService, Tenant, TenantsService } from '@gatehouse/tenancy';
import { StoredSettings, storedFlags, tenantSettingsFrom } from './tenant-settings.model';
import { invalidSetting } from './tenant-settings.service';

export interface Migrations {
  create_permissive_third_party_clients_by_default: boolean;
}

/**
 * GET/PATCH /ext/v1/migrations: the Dashboard's "Create Permissive Third-Party Clients by Default"
 * toggle, which Auth0 publishes no API field for (SPEC §7). The stored value lives with the tenant's
 * flags (where POST /clients reads it) but is reported here only, as it takes effect.
 */
@Injectable()
export class MigrationsService {
  constructor(
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(EligibilityService) private readonly eligibility: EligibilityService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async get(tenant: Tenant): Promise<Migrations> {
    return this.present(await this.tenants.storedSettings(tenant.id), await this.eligibility.isEligible(tenant.accountId));
  }

  /** Turning the toggle off completes the migration; turning it on needs an eligible account, before the flip. */
  async update(tenant: Tenant, dto: Migrations): Promise<Migrations> {
    const eligibility = await this.eligibility.explain(tenant.accountId);
    const eligible = eligibility.eligible;
    const value = dto.create_permissive_third_party_clients_by_default;
    if (value) {
      const refused = permissiveByDefaultRefusal({ eligible, now: this.clock.now() });
      // An ineligible account is told why (SPEC §2); the flip's refusal is about time, not eligibility.
      if (refused) throw invalidSetting(PERMISSIVE_BY_DEFAULT_MIGRATION, eligible ? refused : `${refused}: ${eligibility.explanation}`);
    }
    const stored = await this.tenants.storedSettings(tenant.id);
    const next = { ...stored, flags: { ...storedFlags(stored), [PERMISSIVE_BY_DEFAULT_MIGRATION]: value } };
    await this.tenants.replaceSettings(tenant.id, next);
    return this.present(next, eligible);
  }

  private present(stored: StoredSettings, eligible: boolean): Migrations {
    return {
      create_permissive_third_party_clients_by_default: permissiveByDefaultEffective({
        eligible,
        stored: tenantSettingsFrom(stored).permissiveByDefault,
        now: this.clock.now(),
      }),
    };
  }
}
