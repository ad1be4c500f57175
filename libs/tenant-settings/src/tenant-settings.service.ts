import { Inject, Injectable } from '@nestjs/common';
import type { TenantSettingsBody } from '@gatehouse/contract';
import { Auth0Error, ErrorCode, parseProjection, plainBody, project, ProjectionQuery, withoutNulls } from '@gatehouse/http';
import { dcrModeRefusal } from '@gatehouse/policy';
import { EligibilityService, Tenant, TenantsService } from '@gatehouse/tenancy';
import { MINUTES_TO_HOURS } from './tenant-settings.defaults';
import { UpdateTenantSettingsDto } from './tenant-settings.dto';
import { presentSettings } from './tenant-settings.mapper';
import { StoredSettings, storedFlags, tenantSettingsFrom } from './tenant-settings.model';

export function invalidSetting(property: string, message: string): Auth0Error {
  return new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: '${message}' on property ${property}.`);
}

/**
 * The stored settings after a validated PATCH: `null` clears a property, `flags` merge flag by flag,
 * every other property is replaced whole, and `*_in_minutes` set the matching hours property.
 */
export function applySettingsPatch(stored: StoredSettings, patch: Readonly<Record<string, unknown>>): StoredSettings {
  if (Object.keys(patch).length === 0) {
    throw new Auth0Error(ErrorCode.InvalidBody, "Payload validation error: 'Too few properties defined (0), minimum 1'.");
  }
  const changes = { ...patch };
  for (const [minutes, hours] of MINUTES_TO_HOURS) {
    if (changes[minutes] === undefined) continue;
    if (changes[hours] !== undefined) throw invalidSetting(minutes, `Cannot be specified together with ${hours}`);
    changes[hours] = (changes[minutes] as number) / 60;
    delete changes[minutes];
  }
  const next: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (key === 'flags') next.flags = { ...storedFlags(stored), ...(value as Record<string, boolean>) };
    else next[key] = withoutNulls(value);
  }
  return next;
}

/** GET/PATCH /api/v2/tenants/settings. */
@Injectable()
export class TenantSettingsService {
  constructor(
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(EligibilityService) private readonly eligibility: EligibilityService,
  ) {}

  async get(tenant: Tenant, query: ProjectionQuery): Promise<Partial<TenantSettingsBody>> {
    const projection = parseProjection({ ...query });
    return project(presentSettings(tenantSettingsFrom(await this.tenants.storedSettings(tenant.id)), 'get'), projection);
  }

  async update(tenant: Tenant, dto: UpdateTenantSettingsDto): Promise<TenantSettingsBody> {
    const mode = dto.dynamic_client_registration_security_mode;
    if (mode !== undefined) {
      const eligibility = await this.eligibility.explain(tenant.accountId);
      const refused = dcrModeRefusal(mode, eligibility.eligible);
      // The refusal says why the account is not eligible (SPEC §2: wherever eligibility is explained).
      if (refused) throw invalidSetting('dynamic_client_registration_security_mode', `${refused}: ${eligibility.explanation}`);
    }
    const next = applySettingsPatch(await this.tenants.storedSettings(tenant.id), plainBody(dto));
    await this.tenants.replaceSettings(tenant.id, next);
    return presentSettings(tenantSettingsFrom(next), 'patch');
  }
}
