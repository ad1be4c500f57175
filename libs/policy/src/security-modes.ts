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
  /**
   * Which connections a login may use: domain-level ones only (strict), or those enabled for the client
   * plus every domain-level one (seed 003: a promoted connection "becomes available to all third-party
   * applications in the tenant").
   */
  connections: 'domain_level_only' | 'enabled_or_domain_level';
  /** Features that are refused for the mode, by name (used by /authorize and the migration report). */
  unsupportedFeatures: readonly string[];
  /** `response_types` a client registered by DCR may ask for (`any`: whatever it sends). */
  registrationResponseTypes: 'any' | readonly string[];
  /** The flows at `/authorize` and the token endpoint (issue 11 §8): what a login of this mode may ask for. */
  flows: FlowRules;
}

/**
 * What a login may ask for, per kind of client (seed 002, "/authorize parameter validation" and
 * "Features not supported"). First-party clients have the same shape in FIRST_PARTY_FLOW_RULES, so the
 * flows read one table whatever the client.
 */
export interface FlowRules {
  /** `any`: every parameter; otherwise the accepted names and name prefixes (anything else is invalid_request). */
  authorizeParameters: 'any' | { names: readonly string[]; prefixes: readonly string[] };
  /** Parameters refused by name with their reason (a clearer invalid_request than "not allowed"). */
  refusedParameters: Readonly<Record<string, string>>;
  /** Accepted `code_challenge_method`s; with pkce 'required' a code flow without one is refused. */
  pkceMethods: readonly ('S256' | 'plain')[];
  /** `response_type`s beyond `code` (implicit and hybrid), each still needing the `implicit` grant. */
  implicitResponseTypes: boolean;
  /** ID tokens and `/userinfo` (with `oidcScopes`). */
  idTokens: boolean;
  userinfo: boolean;
  /** Errors after the client is identified: `client_setting` reads the client's redirection_policy. */
  errorRedirects: 'always' | 'client_setting';
}

/** Seed 002's allow-list for strict third-party clients' `/authorize` requests. */
export const STRICT_AUTHORIZE_PARAMETERS = [
  'acr_values',
  'audience',
  'authorization_details',
  'client_id',
  'code_challenge',
  'code_challenge_method',
  'connection',
  'correlation_id',
  'display',
  'dpop_jkt',
  'login_hint',
  'max_age',
  'nonce',
  'prompt',
  'redirect_uri',
  'resource',
  'response_type',
  'scope',
  'state',
  'ui_locales',
] as const;

/** Seed 002's "Not supported" parameters, each with what it is, for the error description. */
export const STRICT_REFUSED_PARAMETERS: Readonly<Record<string, string>> = {
  claims: 'the OIDC claims request',
  id_token_hint: 'ID token hints (no ID tokens for strict third-party applications)',
  invitation: 'organization invitations',
  login_ticket: 'login tickets',
  request: 'request objects (JAR)',
  request_uri: 'pushed authorization requests (PAR)',
  screen_hint: 'screen hints',
};

/** The OIDC scopes strict third-party clients may not request (seed 002: "OIDC scopes and ID tokens: not supported"). */
export const OIDC_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'address', 'phone'];

/** First-party clients: no third-party restriction applies to their flows. */
export const FIRST_PARTY_FLOW_RULES: FlowRules = {
  authorizeParameters: 'any',
  refusedParameters: {},
  pkceMethods: ['S256', 'plain'],
  implicitResponseTypes: true,
  idTokens: true,
  userinfo: true,
  errorRedirects: 'always',
};

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
    flows: {
      authorizeParameters: { names: STRICT_AUTHORIZE_PARAMETERS, prefixes: ['ext-'] },
      refusedParameters: STRICT_REFUSED_PARAMETERS,
      pkceMethods: ['S256'],
      implicitResponseTypes: false,
      idTokens: false,
      userinfo: false,
      errorRedirects: 'client_setting',
    },
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
      'non_oauth_endpoints',
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
    connections: 'enabled_or_domain_level',
    registrationResponseTypes: 'any',
    flows: FIRST_PARTY_FLOW_RULES,
    unsupportedFeatures: ['client_id_import'],
  },
};

/** Public clients (no secret): rotation defaults on for strict ones (OAuth 2.1, MCP). */
export function isPublicClient(c: { app_type?: string; token_endpoint_auth_method?: string }): boolean {
  return c.app_type === 'spa' || c.app_type === 'native' || c.token_endpoint_auth_method === 'none';
}
