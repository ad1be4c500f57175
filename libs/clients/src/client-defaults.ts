import { isPublicClient, MODE_RULES, SecurityMode } from '@gatehouse/policy';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Auth0's defaults for a new client, as the recorded traffic shows them (test/fixtures/auth0-recordings,
 * replayed by test/replay): data, read by `withDefaults`, tested row by row in client-defaults.spec.ts.
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
  refreshToken: { rotation_type: 'non-rotating', expiration_type: 'non-expiring', leeway: 0, infinite_token_lifetime: true, infinite_idle_token_lifetime: true },
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

const CONFIDENTIAL_METHODS = ['client_secret_post', 'client_secret_basic'];

/**
 * The stored body of a new client: Auth0's defaults for its kind, overlaid with the payload (`kind`
 * carries the column-backed app_type). Strict defaults come from the policy table so they live once.
 */
export function withDefaults(payload: Obj, mode: SecurityMode | null, kind: { app_type?: unknown } = payload): Obj {
  const appType = typeof kind.app_type === 'string' ? kind.app_type : undefined;
  const lifetimes = CONFIDENTIAL_METHODS.includes(payload.token_endpoint_auth_method as string)
    ? CLIENT_DEFAULTS.refreshTokenLifetimes.confidential
    : CLIENT_DEFAULTS.refreshTokenLifetimes.other;
  const sentJwt = isObj(payload.jwt_configuration) ? payload.jwt_configuration : undefined;
  const sentRefresh = isObj(payload.refresh_token) ? payload.refresh_token : undefined;
  const sessionTransfer = isObj(payload.session_transfer) ? { session_transfer: { ...CLIENT_DEFAULTS.sessionTransfer, ...payload.session_transfer } } : {};

  if (mode === 'strict') {
    const rules = MODE_RULES.strict;
    const s = CLIENT_DEFAULTS.strict;
    const publicClient = isPublicClient({ app_type: appType, token_endpoint_auth_method: payload.token_endpoint_auth_method as string | undefined });
    return {
      is_token_endpoint_ip_header_trusted: s.is_token_endpoint_ip_header_trusted,
      oidc_conformant: s.oidc_conformant,
      sso_disabled: s.sso_disabled,
      cross_origin_authentication: s.cross_origin_authentication,
      custom_login_page_on: s.custom_login_page_on,
      grant_types: [...rules.grantTypes.default],
      ...(rules.redirectionPolicy === 'not_applicable' ? {} : { redirection_policy: rules.redirectionPolicy.default }),
      ...payload,
      ...sessionTransfer,
      jwt_configuration: { ...s.jwt, ...rules.jwt.defaults, ...sentJwt },
      refresh_token: {
        rotation_type: publicClient && rules.refreshToken.rotateByDefaultForPublicClients ? 'rotating' : 'non-rotating',
        ...s.refreshToken,
        ...lifetimes,
        ...sentRefresh,
      },
    };
  }

  const byAppType = (appType && CLIENT_DEFAULTS.byAppType[appType]) || {};
  const grantTypes = (appType && CLIENT_DEFAULTS.grantTypes[appType]) || CLIENT_DEFAULTS.grantTypes.other!;
  const jwtDefaults = (byAppType.jwt_configuration as Obj | undefined) ?? (sentJwt?.alg ? { secret_encoded: false } : CLIENT_DEFAULTS.jwt);
  return {
    ...CLIENT_DEFAULTS.common,
    grant_types: [...grantTypes],
    ...byAppType,
    ...payload,
    ...sessionTransfer,
    jwt_configuration: { ...jwtDefaults, ...sentJwt },
    refresh_token: { ...CLIENT_DEFAULTS.refreshToken, ...lifetimes, ...sentRefresh },
  };
}

/** Nested objects a PATCH merges into (a `null` inside removes that key) rather than replaces. */
const MERGED_ON_PATCH = ['client_metadata', 'jwt_configuration', 'refresh_token', 'session_transfer', 'mobile', 'native_social_login'];

/**
 * A stored client body after a PATCH, as Auth0 applies one: `null` clears a property, the objects above
 * merge (their own `null`s remove keys), `session_transfer` is filled with Auth0's defaults when it first
 * appears, and everything else is replaced.
 */
export function patchedBody(stored: Obj, patch: Obj): Obj {
  const body: Obj = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete body[key];
      continue;
    }
    if (MERGED_ON_PATCH.includes(key) && isObj(value)) {
      const base = isObj(body[key]) ? (body[key] as Obj) : key === 'session_transfer' ? { ...CLIENT_DEFAULTS.sessionTransfer } : {};
      const merged: Obj = { ...base };
      for (const [k, v] of Object.entries(value)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      body[key] = merged;
      continue;
    }
    body[key] = value;
  }
  return withMirroredLogout(body, patch);
}

/**
 * Auth0 reports the deprecated `oidc_backchannel_logout` as the URLs of `oidc_logout`; clearing the old
 * name clears both.
 */
export function withMirroredLogout(body: Obj, payload: Obj): Obj {
  if (payload.oidc_backchannel_logout === null) {
    delete body.oidc_logout;
    delete body.oidc_backchannel_logout;
  } else if (isObj(payload.oidc_logout) && Array.isArray(payload.oidc_logout.backchannel_logout_urls)) {
    body.oidc_backchannel_logout = { backchannel_logout_urls: payload.oidc_logout.backchannel_logout_urls };
  }
  return body;
}

/** Whether a client authenticates with keys (`private_key_jwt`, mTLS): it then has no client secret. */
export function authenticatesWithKeys(body: Obj): boolean {
  const methods = body.client_authentication_methods;
  return isObj(methods) && ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'].some((m) => methods[m] !== undefined);
}
