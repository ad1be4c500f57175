/** Auth0's recorded defaults for new clients and their refresh tokens and JWTs: data, no logic. */
type Obj = Record<string, unknown>;

/**
 * Auth0's defaults for a new client, as the recorded traffic shows them (test/fixtures/auth0-recordings,
 * replayed by test/replay): data, read by libs/clients' `withDefaults` and tested there row by row.
 */
export const CLIENT_DEFAULTS = {
  /** Every first-party or permissive client. */
  common: {
    is_token_endpoint_ip_header_trusted: false,
    oidc_conformant: false,
    sso_disabled: false,
    cross_origin_authentication: false,
    custom_login_page_on: true,
    callback_url_template: false,
  },
  /** `grant_types` by app_type; others get `other`. */
  grantTypes: {
    native: ['authorization_code', 'implicit', 'refresh_token'],
    spa: ['authorization_code', 'implicit', 'refresh_token'],
    express_configuration: ['authorization_code', 'client_credentials'],
    resource_server: [],
    other: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
  } as Record<string, readonly string[]>,
  /** `jwt_configuration` when the caller sends no `alg` (with an `alg`, no lifetime is added). */
  jwt: { secret_encoded: false, lifetime_in_seconds: 36000 },
  /**
   * Refresh-token lifetimes: a client created with a confidential `token_endpoint_auth_method` gets
   * a year; every other client 30 days (idle 15).
   */
  refreshTokenLifetimes: {
    confidential: { token_lifetime: 31557600, idle_token_lifetime: 2592000 },
    other: { token_lifetime: 2592000, idle_token_lifetime: 1296000 },
  },
  refreshToken: {
    rotation_type: 'non-rotating',
    expiration_type: 'non-expiring',
    leeway: 0,
    infinite_token_lifetime: true,
    infinite_idle_token_lifetime: true,
  },
  /** Application types Auth0 makes OIDC-conformant, RS256-only applications of. */
  byAppType: {
    express_configuration: {
      oidc_conformant: true,
      jwt_configuration: { secret_encoded: false, alg: 'RS256' },
      callbacks: ['https://system-admin.okta.com/admin/app/generic/oauth20redirect'],
      organization_usage: 'require',
      client_authentication_methods: { private_key_jwt: { credentials: [] } },
    },
    resource_server: { oidc_conformant: true, jwt_configuration: { secret_encoded: false, alg: 'RS256' } },
  } as Record<string, Obj>,
  /** What a strict third-party client reports besides the policy table's defaults. */
  strict: {
    is_token_endpoint_ip_header_trusted: false,
    oidc_conformant: true,
    sso_disabled: false,
    cross_origin_authentication: false,
    custom_login_page_on: true,
    jwt: { secret_encoded: false },
    refreshToken: { expiration_type: 'expiring', leeway: 0, infinite_token_lifetime: true, infinite_idle_token_lifetime: false },
  },
  /** `session_transfer` as Auth0 fills it in when a client first gets one. */
  sessionTransfer: {
    can_create_session_transfer_token: false,
    allowed_authentication_methods: [],
    enforce_device_binding: 'ip',
    allow_refresh_token: false,
    enforce_online_refresh_tokens: true,
    enforce_cascade_revocation: true,
  },
} as const;
