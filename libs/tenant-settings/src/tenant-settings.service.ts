import { Inject, Injectable } from '@nestjs/common';
import { Auth0Error, ErrorCode, parseProjection, plainBody, project, rejectUnknownQuery, withoutNulls } from '@gatehouse/http';
import { dcrModeRefusal, PERMISSIVE_BY_DEFAULT_MIGRATION, SecurityMode } from '@gatehouse/policy';
import { EligibilityService, Tenant } from '@gatehouse/tenancy';
import { MINUTES_TO_HOURS, NEW_TENANT_FLAGS, NEW_TENANT_SETTINGS, PATCH_ANSWER_FLAGS, SANDBOX_VERSIONS_AVAILABLE } from './tenant-settings.defaults';
import { TenantSettingsRepository } from './tenant-settings.repository';

type Obj = Record<string, unknown>;

const GET_QUERY = new Set(['fields', 'include_fields']);

export function invalidSetting(property: string, message: string): Auth0Error {
  return new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: '${message}' on property ${property}.`);
}

/**
 * The answer Auth0 gives for stored settings: Auth0's defaults for what was never set, the stored values,
 * and the flags; a GET also lists the available sandbox versions, a PATCH answer carries two more flags
 * (both as recorded). The migration toggle is stored with the flags but never reported among them.
 */
export function presentSettings(stored: Obj, view: 'get' | 'patch'): Obj {
  const { flags: storedFlags, ...rest } = stored;
  const { [PERMISSIVE_BY_DEFAULT_MIGRATION]: _toggle, ...flags } = (storedFlags as Obj | undefined) ?? {};
  return {
    ...structuredClone(NEW_TENANT_SETTINGS),
    ...rest,
    flags: { ...NEW_TENANT_FLAGS, ...(view === 'patch' ? PATCH_ANSWER_FLAGS : {}), ...flags },
    ...(view === 'get' ? { sandbox_versions_available: [...SANDBOX_VERSIONS_AVAILABLE] } : {}),
  };
}

/**
 * The stored settings after a validated PATCH: `null` clears a property, `flags` merge flag by flag,
 * every other property is replaced whole, and `*_in_minutes` set the matching hours property.
 */
export function applySettingsPatch(stored: Obj, patch: Obj): Obj {
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
  const next: Obj = { ...stored };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (key === 'flags') next.flags = { ...(stored.flags as Obj | undefined), ...(value as Obj) };
    else next[key] = withoutNulls(value);
  }
  return next;
}

/** GET/PATCH /api/v2/tenants/settings. */
@Injectable()
export class TenantSettingsService {
  constructor(
    @Inject(TenantSettingsRepository) private readonly settings: TenantSettingsRepository,
    @Inject(EligibilityService) private readonly eligibility: EligibilityService,
  ) {}

  async get(tenant: Tenant, query: Obj): Promise<Obj> {
    rejectUnknownQuery(query, GET_QUERY);
    const projection = parseProjection(query);
    return project(presentSettings(await this.settings.read(tenant.id), 'get'), projection);
  }

  async update(tenant: Tenant, dto: object): Promise<Obj> {
    const patch = plainBody(dto);
    const mode = patch.dynamic_client_registration_security_mode as SecurityMode | undefined;
    if (mode !== undefined) {
      const refused = dcrModeRefusal(mode, await this.eligibility.isEligible(tenant.accountId));
      if (refused) throw invalidSetting('dynamic_client_registration_security_mode', refused);
    }
    const next = applySettingsPatch(await this.settings.read(tenant.id), patch);
    await this.settings.write(tenant.id, next);
    return presentSettings(next, 'patch');
  }
}
