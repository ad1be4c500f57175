import { isPublicClient, MODE_RULES, SecurityMode } from '@gatehouse/policy';

type Obj = Record<string, unknown>;

/** Auth0's refresh_token defaults for a first-party (or permissive) client. */
const CLASSIC_REFRESH_TOKEN = {
  expiration_type: 'non-expiring',
  leeway: 0,
  infinite_token_lifetime: true,
  infinite_idle_token_lifetime: true,
  token_lifetime: 2592000,
  idle_token_lifetime: 1296000,
  rotation_type: 'non-rotating',
};

/**
 * The stored body of a new client: Auth0's defaults for its kind, overlaid with the payload.
 * Strict defaults come from the policy table (grant types, JWT, redirection policy) so they live once.
 */
export function withDefaults(payload: Obj, mode: SecurityMode | null, kind: { app_type?: unknown } = payload): Obj {
  if (mode === 'strict') {
    const rules = MODE_RULES.strict;
    const rp = rules.redirectionPolicy === 'not_applicable' ? undefined : rules.redirectionPolicy.default;
    const publicClient = isPublicClient({
      app_type: kind.app_type as string | undefined,
      token_endpoint_auth_method: payload.token_endpoint_auth_method as string | undefined,
    });
    return {
      oidc_conformant: true,
      grant_types: [...rules.grantTypes.default],
      redirection_policy: rp,
      ...payload,
      jwt_configuration: { ...rules.jwt.defaults, ...(payload.jwt_configuration as Obj | undefined) },
      refresh_token: {
        expiration_type: 'expiring',
        leeway: 0,
        infinite_token_lifetime: false,
        infinite_idle_token_lifetime: false,
        token_lifetime: 2592000,
        idle_token_lifetime: 1296000,
        rotation_type: publicClient && rules.refreshToken.rotateByDefaultForPublicClients ? 'rotating' : 'non-rotating',
        ...(payload.refresh_token as Obj | undefined),
      },
    };
  }
  return {
    oidc_conformant: false,
    sso_disabled: false,
    cross_origin_authentication: false,
    is_token_endpoint_ip_header_trusted: false,
    custom_login_page_on: true,
    callback_url_template: false,
    grant_types: [...MODE_RULES.permissive.grantTypes.default],
    ...payload,
    jwt_configuration: { secret_encoded: false, lifetime_in_seconds: 36000, ...(payload.jwt_configuration as Obj | undefined) },
    refresh_token: { ...CLASSIC_REFRESH_TOKEN, ...(payload.refresh_token as Obj | undefined) },
  };
}
