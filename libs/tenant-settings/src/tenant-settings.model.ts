import { DCR_FLAG, PERMISSIVE_BY_DEFAULT_MIGRATION, SECURITY_MODES, SecurityMode } from '@gatehouse/policy';
import { DEFAULT_RESOURCE_PARAMETER_PROFILE, NEW_TENANT_FLAGS, RESOURCE_PARAMETER_PROFILES, ResourceParameterProfile } from './tenant-settings.defaults';

/** A tenant's settings as stored (the `settings` JSON of its row), with Auth0's names: what was set, never the defaults. */
export type StoredSettings = Readonly<Record<string, unknown>>;

/** A tenant's settings as the rules see them (STYLE.md, "the seam between storage and rules"). */
export interface TenantSettings {
  /** The flags the tenant reports: a new tenant's, overridden by those set. The migration toggle is not one. */
  flags: Readonly<Record<string, boolean>>;
  /** Dynamic Client Registration is on (`flags.enable_dynamic_client_registration`, off for a new tenant, SPEC §7). */
  dcrEnabled: boolean;
  /** The stored "Create Permissive Third-Party Clients by Default" toggle (SPEC §7); undefined until set. */
  permissiveByDefault?: boolean;
  /** Mode of applications created by Dynamic Client Registration (`dynamic_client_registration_security_mode`); undefined until set. */
  dcrMode?: SecurityMode;
  /** `resource_parameter_profile`, its default applied. */
  resourceParameterProfile: ResourceParameterProfile;
  /** Every other stored setting, as Auth0 names it (defaults not applied): they carry no rule here. */
  settings: StoredSettings;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOneOf = <T extends string>(values: readonly T[], v: unknown): v is T => values.includes(v as T);

/** The flags as stored, the migration toggle among them: the one place `flags` is read from storage. */
export function storedFlags(stored: StoredSettings): Readonly<Record<string, boolean>> {
  const flags: Record<string, boolean> = {};
  if (isObject(stored.flags)) for (const [name, value] of Object.entries(stored.flags)) if (typeof value === 'boolean') flags[name] = value;
  return flags;
}

/** The one place stored settings become TenantSettings. */
export function tenantSettingsFrom(stored: StoredSettings): TenantSettings {
  const { flags: _flags, dynamic_client_registration_security_mode: dcrMode, resource_parameter_profile: profile, ...settings } = stored;
  const { [PERMISSIVE_BY_DEFAULT_MIGRATION]: permissiveByDefault, ...flags } = storedFlags(stored);
  const reported = { ...NEW_TENANT_FLAGS, ...flags };
  return {
    flags: reported,
    dcrEnabled: reported[DCR_FLAG] === true,
    ...(permissiveByDefault !== undefined ? { permissiveByDefault } : {}),
    ...(isOneOf(SECURITY_MODES, dcrMode) ? { dcrMode } : {}),
    resourceParameterProfile: isOneOf(RESOURCE_PARAMETER_PROFILES, profile) ? profile : DEFAULT_RESOURCE_PARAMETER_PROFILE,
    settings,
  };
}
