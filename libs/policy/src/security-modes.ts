/**
 * Auth0's third-party application security model (SPEC §4.1, seeds 000–003) as data. Validators,
 * the lint endpoint, the migration report and docs all read these tables; when Auth0 widens a set
 * (it plans client_credentials for strict clients) the change is one line here.
 */
export type SecurityMode = 'strict' | 'permissive';
export const SECURITY_MODES: readonly SecurityMode[] = ['strict', 'permissive'];

/** Every grant type Auth0 accepts on a client (CreateClientRequestContent.grant_types). */
export const ALL_GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  'password',
  'http://auth0.com/oauth/grant-type/password-realm',
  'http://auth0.com/oauth/grant-type/mfa-oob',
  'http://auth0.com/oauth/grant-type/mfa-otp',
  'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  'urn:openid:params:grant-type:ciba',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token',
] as const;

/**
 * The password grants (seed 000: permissive mode has "most grant types (except password)"). Auth0's
 * realm variant is the same grant (resource owner password credentials against a named connection), so
 * it is refused wherever `password` is.
 */
export const PASSWORD_GRANT_TYPES: readonly string[] = ['password', 'http://auth0.com/oauth/grant-type/password-realm'];

/** `token_endpoint_auth_method`s a client may register with through DCR (SPEC §7), whatever its mode. */
export const REGISTRATION_AUTH_METHODS: readonly string[] = ['none', 'client_secret_post', 'client_secret_basic'];

/** The four application types a third-party client may have. */
export const THIRD_PARTY_APP_TYPES = ['regular_web', 'spa', 'native', 'non_interactive'] as const;

/** Properties a strict client may set (dotted paths name one nested property; `x.*` all of `x`). */
export const STRICT_CURATED_PROPERTIES = [
  'name',
  'description',
  'logo_uri',
  'callbacks',
  'allowed_origins',
  'web_origins',
  'grant_types',
  'token_endpoint_auth_method',
  'app_type',
  'client_metadata',
  'jwt_configuration.lifetime_in_seconds',
  'jwt_configuration.alg',
  'refresh_token.*',
  'client_authentication_methods',
  'require_proof_of_possession',
  'redirection_policy',
  'is_first_party',
  'third_party_security_mode',
] as const;

export interface ModeRules {
  mode: SecurityMode;
  /** `tpc_` + 22 base62, or Auth0's standard 32 base62. */
  clientIdFormat: 'tpc' | 'standard';
  grantTypes: { allowed: readonly string[]; default: readonly string[] };
  pkce: 'required' | 'optional';
  oidcScopes: boolean;
  /** How API access is decided (SPEC §6.1 rules 3 and 4). */
  apiAuthorization: 'explicit_grant' | 'api_policy';
  systemApis: false;
  /** `all`, or the curated list of settable properties. */
  properties: 'all' | readonly string[];
  appTypes: 'any' | readonly string[];
  jwt: { algs: 'any' | readonly string[]; defaults: { alg: string; lifetime_in_seconds: number } };
  refreshToken: { mustExpire: boolean; infiniteIdleAllowed: boolean; rotateByDefaultForPublicClients: boolean };
  /** `exact`: no wildcards, no fragments in callbacks, allowed_origins, web_origins. */
  urls: 'exact' | 'as_first_party';
  redirectionPolicy: { allowed: readonly string[]; default: string } | 'not_applicable';
  /** Allowed `client_authentication_methods` keys. */
  clientAuthenticationMethods: 'any' | readonly string[];
  rules: 'login_error' | 'run';
  connections: 'domain_level_only' | 'any_enabled';
  /** Features that are refused for the mode, by name (used by /authorize and the migration report). */
  unsupportedFeatures: readonly string[];
  /** `response_types` a client registered by DCR may ask for (`any`: whatever it sends). */
  registrationResponseTypes: 'any' | readonly string[];
}

export const MODE_RULES: Readonly<Record<SecurityMode, ModeRules>> = {
  strict: {
    mode: 'strict',
    clientIdFormat: 'tpc',
    grantTypes: { allowed: ['authorization_code', 'refresh_token'], default: ['authorization_code'] },
    pkce: 'required',
    oidcScopes: false,
    apiAuthorization: 'explicit_grant',
    systemApis: false,
    properties: STRICT_CURATED_PROPERTIES,
    appTypes: THIRD_PARTY_APP_TYPES,
    jwt: { algs: ['RS256'], defaults: { alg: 'RS256', lifetime_in_seconds: 3600 } },
    refreshToken: { mustExpire: true, infiniteIdleAllowed: false, rotateByDefaultForPublicClients: true },
    urls: 'exact',
    redirectionPolicy: { allowed: ['open_redirect_protection', 'allow_always'], default: 'open_redirect_protection' },
    clientAuthenticationMethods: ['private_key_jwt'],
    rules: 'login_error',
    connections: 'domain_level_only',
    registrationResponseTypes: ['code'],
    unsupportedFeatures: [
      'classic_login',
      'legacy_endpoints',
      'cross_origin_authentication',
      'samlp',
      'wsfed',
      'par',
      'ciba',
      'device_code',
      'logout_endpoints',
      'client_id_import',
      'userinfo',
    ],
  },
  permissive: {
    mode: 'permissive',
    clientIdFormat: 'standard',
    grantTypes: {
      allowed: ALL_GRANT_TYPES.filter((g) => !PASSWORD_GRANT_TYPES.includes(g)),
      default: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
    },
    pkce: 'optional',
    oidcScopes: true,
    apiAuthorization: 'api_policy',
    systemApis: false,
    properties: 'all',
    appTypes: 'any',
    jwt: { algs: 'any', defaults: { alg: 'HS256', lifetime_in_seconds: 36000 } },
    refreshToken: { mustExpire: false, infiniteIdleAllowed: true, rotateByDefaultForPublicClients: false },
    urls: 'as_first_party',
    redirectionPolicy: 'not_applicable',
    clientAuthenticationMethods: 'any',
    rules: 'run',
    connections: 'any_enabled',
    registrationResponseTypes: 'any',
    unsupportedFeatures: ['client_id_import'],
  },
};

/** Public clients (no secret): rotation defaults on for strict ones (OAuth 2.1, MCP). */
export function isPublicClient(c: { app_type?: string; token_endpoint_auth_method?: string }): boolean {
  return c.app_type === 'spa' || c.app_type === 'native' || c.token_endpoint_auth_method === 'none';
}
