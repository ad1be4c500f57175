/**
 * What a tenant reports for what it was never told, as real Auth0 answers it (the TestAccTenant_*
 * recordings of 2026; docs/decisions.md, "Tenant settings"). Data, read by the service only.
 *
 * Not here on purpose: `session_lifetime` and the other lifetimes, `dynamic_client_registration_security_mode`,
 * `sessions`, `default_token_quota`, `country_codes`: Auth0 reports them only once set.
 */
export const NEW_TENANT_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  enabled_locales: ['en'],
  sandbox_version: '22',
  oidc_logout: { rp_logout_end_session_endpoint_discovery: true },
  universal_login: {},
  phone_consolidated_experience: false,
  client_id_metadata_document_supported: false,
});

/** `resource_parameter_profile`: `compatibility` also accepts RFC 8707's `resource` where `audience` is missing. */
export const RESOURCE_PARAMETER_PROFILES = ['audience', 'compatibility'] as const;
export type ResourceParameterProfile = (typeof RESOURCE_PARAMETER_PROFILES)[number];
export const DEFAULT_RESOURCE_PARAMETER_PROFILE: ResourceParameterProfile = 'audience';

/**
 * The flags of a new tenant: the ones every 2026 recording reports without the test setting them, plus
 * `enable_dynamic_client_registration: false` (Auth0's documented default; the auth0 SDK tests read it).
 */
export const NEW_TENANT_FLAGS: Readonly<Record<string, boolean>> = Object.freeze({
  allow_changing_enable_sso: false,
  disable_impersonation: true,
  enable_sso: true,
  new_universal_login_experience_enabled: true,
  universal_login: true,
  revoke_refresh_token_grant: false,
  disable_clickjack_protection_headers: false,
  enable_dynamic_client_registration: false,
});

/** Flags Auth0 adds to a PATCH answer only (every recorded PATCH answer has them, no GET answer does). */
export const PATCH_ANSWER_FLAGS: Readonly<Record<string, boolean>> = Object.freeze({
  cannot_change_enforce_client_authentication_on_passwordless_start: true,
  enforce_client_authentication_on_passwordless_start: true,
});

/** Reported by GET only (not by a PATCH answer), never stored or accepted. */
export const SANDBOX_VERSIONS_AVAILABLE: readonly string[] = Object.freeze(['22', '18']);

/** `*_in_minutes` write forms and the hours property each sets (Auth0 refuses both forms at once). */
export const MINUTES_TO_HOURS = [
  ['session_lifetime_in_minutes', 'session_lifetime'],
  ['idle_session_lifetime_in_minutes', 'idle_session_lifetime'],
  ['ephemeral_session_lifetime_in_minutes', 'ephemeral_session_lifetime'],
  ['idle_ephemeral_session_lifetime_in_minutes', 'idle_ephemeral_session_lifetime'],
] as const;
