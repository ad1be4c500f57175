/**
 * Tenant flag names. `TENANT_FLAGS` are the flags a PATCH may set: Auth0's `TenantSettingsFlags`, nothing
 * more. Auth0 publishes no API field for the Dashboard's "Create Permissive Third-Party Clients by
 * Default" migration toggle, so it is not a flag: Gatehouse exposes it at /ext/v1/migrations only
 * (SPEC §7, §9) under the name below.
 */
export const DCR_FLAG = 'enable_dynamic_client_registration';

export const TENANT_FLAGS = [
  'change_pwd_flow_v1',
  'enable_apis_section',
  'disable_impersonation',
  'enable_client_connections',
  'enable_pipeline2',
  'allow_legacy_delegation_grant_types',
  'allow_legacy_ro_grant_types',
  'allow_legacy_tokeninfo_endpoint',
  'enable_legacy_profile',
  'enable_idtoken_api2',
  'enable_public_signup_user_exists_error',
  'enable_sso',
  'allow_changing_enable_sso',
  'disable_clickjack_protection_headers',
  'no_disclose_enterprise_connections',
  'enforce_client_authentication_on_passwordless_start',
  'enable_adfs_waad_email_verification',
  'revoke_refresh_token_grant',
  'dashboard_log_streams_next',
  'dashboard_insights_view',
  'disable_fields_map_fix',
  'mfa_show_factor_list_on_enrollment',
  'remove_alg_from_jwks',
  'improved_signup_bot_detection_in_classic',
  'genai_trial',
  DCR_FLAG,
  'disable_management_api_sms_obfuscation',
  'trust_azure_adfs_email_verified_connection_property',
  'custom_domains_provisioning',
] as const;

/**
 * Flags Auth0 reports in its answers (every recorded tenant-settings answer, 2024–2026) that its published
 * schema does not let a PATCH set: reported, never accepted.
 */
export const REPORTED_ONLY_FLAGS = [
  'new_universal_login_experience_enabled',
  'universal_login',
  'cannot_change_enforce_client_authentication_on_passwordless_start',
] as const;

/** The migration toggle's name at /ext/v1/migrations (and in the tenant's stored settings, never in `flags` answers). */
export const PERMISSIVE_BY_DEFAULT_MIGRATION = 'create_permissive_third_party_clients_by_default';
