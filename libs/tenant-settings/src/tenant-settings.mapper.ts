import type { TenantSettingsBody } from '@gatehouse/contract';
import { NEW_TENANT_SETTINGS, PATCH_ANSWER_FLAGS, SANDBOX_VERSIONS_AVAILABLE } from './tenant-settings.defaults';
import type { TenantSettings } from './tenant-settings.model';

/**
 * The answer Auth0 gives for a tenant's settings: Auth0's defaults for what was never set, the stored
 * values, and the flags; a GET also lists the available sandbox versions, a PATCH answer carries two more
 * flags (both as recorded). The migration toggle is stored with the flags but never reported among them.
 */
export function presentSettings(s: TenantSettings, view: 'get' | 'patch'): TenantSettingsBody {
  return {
    ...structuredClone(NEW_TENANT_SETTINGS),
    ...s.settings,
    resource_parameter_profile: s.resourceParameterProfile,
    ...(s.dcrMode ? { dynamic_client_registration_security_mode: s.dcrMode } : {}),
    flags: { ...(view === 'patch' ? PATCH_ANSWER_FLAGS : {}), ...s.flags },
    ...(view === 'get' ? { sandbox_versions_available: [...SANDBOX_VERSIONS_AVAILABLE] } : {}),
    // The stored settings passed the same schema when they were written; the defaults fill in the rest.
  } as TenantSettingsBody;
}
