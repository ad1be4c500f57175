/**
 * Recorded values Gatehouse does not reproduce on purpose, each with its reason (also in
 * docs/decisions.md, "Replay of recorded Auth0 traffic"). A default difference not listed here fails the
 * replay tier. `cassette` '*' applies to every cassette; `path` is a leaf path of the response body.
 */
export interface KnownDifference {
  cassette: string;
  path: string;
  reason: string;
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    cassette: 'TestAccResourceServerAuth0APIManagementImport',
    path: 'scopes',
    reason:
      "The Management API's scopes: Auth0 lists every Management API scope; Gatehouse lists only the scopes of the paths it emulates, " +
      'so its tokens never carry a scope for an unemulated path and auth0-deploy-cli skips those resource types (SPEC §3).',
  },
  {
    cassette: '*',
    path: 'client_id_metadata_document_supported',
    reason:
      'The recording tenant had Client ID Metadata Document support switched on (TestAccClientCIMD runs there); a new tenant, in Auth0 and in Gatehouse, has it off.',
  },
  {
    cassette: '*',
    path: 'flags.enable_dynamic_client_registration',
    reason: "The recording tenant had Dynamic Client Registration on (left by earlier DCR tests); Auth0's default for a new tenant, and Gatehouse's, is off.",
  },
  {
    cassette: '*',
    path: 'flags.allow_other_legacy_grant_types',
    reason:
      "Reported by Auth0 for tenants old enough to have legacy grants enabled; not in Auth0's published schema and not settable, so a new tenant (Auth0's or Gatehouse's) does not have it.",
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'flags.allow_changing_enable_sso',
    reason: 'Recording-tenant state in 2024 (Auth0 let that tenant change enable_sso); a new tenant reports false.',
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'flags.dashboard_new_onboarding',
    reason: 'A 2024 flag Auth0 reported then and its current schema no longer defines.',
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'flags.use_scope_descriptions_for_consent',
    reason: 'A 2024 flag Auth0 reported then and its current schema no longer defines.',
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'friendly_name',
    reason: "Named by the recording tenant's owner; a new Gatehouse tenant is named after the first label of its domain.",
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'sandbox_version',
    reason: 'The 2024 recording has Node 16 as the Actions sandbox; Gatehouse reports the current default, 22 (as the 2026 recordings do).',
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'sandbox_versions_available',
    reason: 'The Node versions Auth0 offered in 2024 (18, 16); Gatehouse reports the 2026 list (22, 18).',
  },
  {
    cassette: '*',
    path: 'universal_login.is_custom_theme_set',
    reason: "Read-only state of the recording tenant's Universal Login customisation; not in Auth0's schema, not settable.",
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'universal_login.is_custom_template_set',
    reason: "Read-only state of the recording tenant's Universal Login customisation (2024); not in Auth0's schema, not settable.",
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'universal_login.identifier_first',
    reason: "Read-only state of the recording tenant's Universal Login (2024); not in Auth0's schema, not settable.",
  },
  {
    cassette: 'TestAccTenant_EnableSSO',
    path: 'universal_login.webauthn_platform_first_factor',
    reason: "Read-only state of the recording tenant's Universal Login (2024); not in Auth0's schema, not settable.",
  },
];

export function isKnown(cassette: string, path: string): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((k) => (k.cassette === '*' || k.cassette === cassette) && (k.path === path || path.startsWith(`${k.path}.`)));
}
