import { CLIENT_DEFAULTS, isPublicClient, MODE_RULES, SecurityMode } from '@gatehouse/policy';

/**
 * A request's Auth0 properties as a plain object (a validated DTO, or DCR's metadata), and the stored
 * `body` made from it: what the policy's validators and Auth0's defaults read.
 */
export type Payload = Record<string, unknown>;
const isObj = (v: unknown): v is Payload => typeof v === 'object' && v !== null && !Array.isArray(v);

const CONFIDENTIAL_METHODS = ['client_secret_post', 'client_secret_basic'];

/**
 * The stored body of a new client: Auth0's defaults for its kind, overlaid with the payload (`kind`
 * carries the column-backed app_type). Strict defaults come from the policy table so they live once.
 */
export function withDefaults(payload: Payload, mode: SecurityMode | null, kind: { app_type?: unknown } = payload): Payload {
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
  const jwtDefaults = isObj(byAppType.jwt_configuration) ? byAppType.jwt_configuration : sentJwt?.alg ? { secret_encoded: false } : CLIENT_DEFAULTS.jwt;
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
export function patchedBody(stored: Payload, patch: Payload): Payload {
  const body: Payload = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete body[key];
      continue;
    }
    if (MERGED_ON_PATCH.includes(key) && isObj(value)) {
      const current = body[key];
      const base = isObj(current) ? current : key === 'session_transfer' ? { ...CLIENT_DEFAULTS.sessionTransfer } : {};
      const merged: Payload = { ...base };
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
export function withMirroredLogout(body: Payload, payload: Payload): Payload {
  if (payload.oidc_backchannel_logout === null) {
    delete body.oidc_logout;
    delete body.oidc_backchannel_logout;
  } else if (isObj(payload.oidc_logout) && Array.isArray(payload.oidc_logout.backchannel_logout_urls)) {
    body.oidc_backchannel_logout = { backchannel_logout_urls: payload.oidc_logout.backchannel_logout_urls };
  }
  return body;
}

/** Whether a client authenticates with keys (`private_key_jwt`, mTLS): it then has no client secret. */
export function authenticatesWithKeys(body: Payload): boolean {
  const methods = body.client_authentication_methods;
  return isObj(methods) && ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'].some((m) => methods[m] !== undefined);
}
