import { FIRST_PARTY_FLOW_RULES, FlowRules, MODE_RULES, OIDC_SCOPES, SecurityMode } from './security-modes';

/**
 * `GET /authorize` as rules (issue 11 §1, SPEC §8, seed 002): which request is valid for which client,
 * and where an error goes. Pure: the service looks the client and the tenant up, hands their facts here,
 * and renders or redirects what this returns. Every per-mode difference is read from the flow rules of
 * MODE_RULES, so when Auth0 adds OIDC for strict clients it is a data change.
 */

/** RFC 6749 §4.1.2.1 and OIDC Core §3.1.2.6 error codes an authorization request can end with. */
export type AuthorizeErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'login_required'
  | 'consent_required'
  | 'server_error';

export type FlowKind = { firstParty: true } | { firstParty: false; mode: SecurityMode };

/** The facts about the client that the request is checked against. */
export interface AuthorizeClient {
  kind: FlowKind;
  grantTypes: readonly string[];
  callbacks: readonly string[];
  /** The client's `redirection_policy` (third-party clients); absent means the mode's default. */
  redirectionPolicy?: string;
}

export interface AuthorizeTenant {
  /** `resource_parameter_profile`: `compatibility` makes RFC 8707's `resource` select the API. */
  resourceParameterProfile?: string;
}

export type PkceMethod = 'S256' | 'plain';

/** A valid request, normalized. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseType: string;
  /** `query` for code, `fragment` for implicit and hybrid, unless `response_mode` says otherwise. */
  responseMode: 'query' | 'fragment' | 'form_post';
  scopes: string[];
  /** The API the tokens are for: `audience`, or `resource` under the compatibility profile. */
  audience?: string;
  state?: string;
  nonce?: string;
  prompt: string[];
  maxAge?: number;
  loginHint?: string;
  connection?: string;
  codeChallenge?: { value: string; method: PkceMethod };
}

export interface AuthorizeError {
  error: AuthorizeErrorCode;
  description: string;
}

/**
 * What to do with a request:
 * - `error_page`: the client is unknown or the redirect URI is not one of its callbacks (never a
 *   redirect), or the client's redirection policy forbids redirecting errors;
 * - `redirect_error`: send the error back to the (verified) redirect URI with `state`;
 * - `valid`: go on to login and consent.
 */
export type AuthorizeOutcome =
  | ({ outcome: 'error_page' } & AuthorizeError)
  | ({ outcome: 'redirect_error'; redirectUri: string; responseMode: AuthorizeRequest['responseMode']; state?: string } & AuthorizeError)
  | { outcome: 'valid'; request: AuthorizeRequest };

/** The query of an authorization request: each parameter once or, when repeated, every value. */
export type AuthorizeParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The flow rules of a client: first-party clients' or its mode's. */
export function flowRulesFor(kind: FlowKind): FlowRules {
  return kind.firstParty ? FIRST_PARTY_FLOW_RULES : MODE_RULES[kind.mode].flows;
}

/** Every response type `/authorize` serves (Auth0's list): code, the implicit ones, the hybrid ones; normalized order. */
export const RESPONSE_TYPES = ['code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];
const IMPLICIT_RESPONSE_TYPES: readonly string[] = RESPONSE_TYPES.filter((t) => t !== 'code');
/** Every response mode `/authorize` serves (OAuth 2.0 Multiple Response Types §2.1, Form Post Response Mode). */
export const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const;

/** What an authorization response carries for a (normalized, valid) response type (OIDC Core §3.3.2.5). */
export interface ResponseTypeParts {
  code: boolean;
  idToken: boolean;
  accessToken: boolean;
}

export function responseTypeParts(type: string): ResponseTypeParts {
  const parts = type.split(' ');
  return { code: parts.includes('code'), idToken: parts.includes('id_token'), accessToken: parts.includes('token') };
}
const PROMPTS = ['none', 'login', 'consent', 'select_account'];
/** RFC 7636 §4.2: a challenge is 43 to 128 unreserved characters. */
const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Does this error leave the server as a redirect to the client, or as an error page? */
export function redirectsErrors(client: AuthorizeClient): boolean {
  const rules = flowRulesFor(client.kind);
  if (rules.errorRedirects === 'always') return true;
  const policy = client.kind.firstParty ? undefined : MODE_RULES[client.kind.mode].redirectionPolicy;
  const setting = client.redirectionPolicy ?? (policy === undefined || policy === 'not_applicable' ? 'allow_always' : policy.default);
  return setting === 'allow_always';
}

const RESPONSE_TYPE_ORDER = ['code', 'id_token', 'token'];
/** `token code` and `code token` are one response type (OAuth 2.0 Multiple Response Types: order is irrelevant). */
function normalizedResponseType(value: string): string {
  return value
    .split(' ')
    .filter(Boolean)
    .sort((a, b) => RESPONSE_TYPE_ORDER.indexOf(a) - RESPONSE_TYPE_ORDER.indexOf(b))
    .join(' ');
}

/**
 * Step one: identify the client and the redirect URI. Until both are known an error can only be shown,
 * never redirected (RFC 6749 §4.1.2.1; an unverified redirect URI is an open redirector).
 */
export function identifyRedirect(params: AuthorizeParams, client: AuthorizeClient | undefined): AuthorizeError | { redirectUri: string } {
  if (Array.isArray(params.client_id) || Array.isArray(params.redirect_uri)) {
    return { error: 'invalid_request', description: 'client_id and redirect_uri must each be sent once' };
  }
  const clientId = params.client_id;
  if (typeof clientId !== 'string' || clientId === '') return { error: 'invalid_request', description: 'Missing required parameter: client_id' };
  if (!client) return { error: 'invalid_request', description: `Unknown client: ${clientId}` };
  const redirectUri = params.redirect_uri as string | undefined;
  if (redirectUri === undefined || redirectUri === '') {
    // OAuth 2.1 and strict clients: always sent. Others may omit it when exactly one callback is registered.
    if (client.kind.firstParty || client.kind.mode !== 'strict') {
      if (client.callbacks.length === 1) return { redirectUri: client.callbacks[0] };
    }
    return { error: 'invalid_request', description: 'Missing required parameter: redirect_uri' };
  }
  if (!client.callbacks.includes(redirectUri)) {
    return {
      error: 'invalid_request',
      description: `The redirect_uri is not one of the application's callbacks (exact match): ${redirectUri}. Add it to the application's Allowed Callback URLs.`,
    };
  }
  return { redirectUri };
}

/** The whole authorization request, checked in the order a reader would (identification first). */
export function checkAuthorizeRequest(params: AuthorizeParams, client: AuthorizeClient | undefined, tenant: AuthorizeTenant): AuthorizeOutcome {
  const identified = identifyRedirect(params, client);
  if ('error' in identified) return { outcome: 'error_page', ...identified };
  const c = client as AuthorizeClient;
  const rules = flowRulesFor(c.kind);
  const state = typeof params.state === 'string' ? params.state : undefined;
  const type = typeof params.response_type === 'string' ? normalizedResponseType(params.response_type) : undefined;
  // Tokens in a redirect travel in the fragment; a code, or an error for a type we don't know, in the query.
  const defaultMode: AuthorizeRequest['responseMode'] = type !== undefined && IMPLICIT_RESPONSE_TYPES.includes(type) ? 'fragment' : 'query';
  const fail = (error: AuthorizeErrorCode, description: string): AuthorizeOutcome =>
    redirectsErrors(c)
      ? { outcome: 'redirect_error', redirectUri: identified.redirectUri, responseMode: requestedMode(params) ?? defaultMode, state, error, description }
      : { outcome: 'error_page', error, description };

  const parameterError = parameterViolation(params, rules, c.kind);
  if (parameterError) return fail('invalid_request', parameterError);

  if (type === undefined) return fail('invalid_request', 'Missing required parameter: response_type');
  if (type !== 'code' && !IMPLICIT_RESPONSE_TYPES.includes(type)) return fail('unsupported_response_type', `Unsupported response_type: ${type}`);
  if (type !== 'code' && !rules.implicitResponseTypes) {
    return fail(
      'unsupported_response_type',
      `response_type ${type} (implicit or hybrid flow) is not supported for ${kindName(c.kind)}: use response_type=code with PKCE`,
    );
  }
  const codeFlow = type.split(' ').includes('code');
  if (codeFlow && !c.grantTypes.includes('authorization_code')) {
    return fail('unauthorized_client', 'The application does not have the authorization_code grant type');
  }
  if (type !== 'code' && !c.grantTypes.includes('implicit')) {
    return fail('unauthorized_client', `The application does not have the implicit grant type required by response_type ${type}`);
  }

  const responseMode = requestedMode(params);
  if (params.response_mode !== undefined && responseMode === undefined)
    return fail('invalid_request', `Unsupported response_mode: ${String(params.response_mode)}`);
  if (responseMode === 'query' && type !== 'code') return fail('invalid_request', 'response_mode=query is not allowed with a response_type that issues tokens');

  const pkce = pkceOf(params, rules, c.kind, codeFlow);
  if ('error' in pkce) return fail('invalid_request', pkce.error);

  const scopes = typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [];
  if (!rules.idTokens) {
    const oidc = scopes.filter((s) => OIDC_SCOPES.includes(s));
    if (oidc.length > 0) return fail('invalid_scope', `OIDC scopes (${oidc.join(', ')}) are not supported for ${kindName(c.kind)}`);
  }
  if (type.includes('id_token') && !scopes.includes('openid')) return fail('invalid_request', `response_type ${type} requires the openid scope`);
  if (type.includes('id_token') && typeof params.nonce !== 'string') return fail('invalid_request', `response_type ${type} requires a nonce`);

  const prompt = typeof params.prompt === 'string' ? params.prompt.split(' ').filter(Boolean) : [];
  const badPrompt = prompt.find((p) => !PROMPTS.includes(p));
  if (badPrompt) return fail('invalid_request', `Unsupported prompt value: ${badPrompt}`);
  if (prompt.includes('none') && prompt.length > 1) return fail('invalid_request', 'prompt=none cannot be combined with other prompt values');

  let maxAge: number | undefined;
  if (params.max_age !== undefined) {
    if (typeof params.max_age !== 'string' || !/^\d{1,10}$/.test(params.max_age))
      return fail('invalid_request', 'max_age must be a non-negative integer (seconds)');
    maxAge = Number(params.max_age);
  }

  const audience = audienceOf(params, tenant);
  if ('error' in audience) return fail('invalid_request', audience.error);

  return {
    outcome: 'valid',
    request: {
      clientId: params.client_id as string,
      redirectUri: identified.redirectUri,
      responseType: type,
      responseMode: responseMode ?? defaultMode,
      scopes,
      audience: audience.audience,
      state,
      nonce: typeof params.nonce === 'string' ? params.nonce : undefined,
      prompt,
      maxAge,
      loginHint: typeof params.login_hint === 'string' ? params.login_hint : undefined,
      connection: typeof params.connection === 'string' && params.connection !== '' ? params.connection : undefined,
      codeChallenge: pkce.challenge,
    },
  };
}

function kindName(kind: FlowKind): string {
  return kind.firstParty ? 'first-party applications' : `third-party applications in ${kind.mode} mode`;
}

function requestedMode(params: AuthorizeParams): AuthorizeRequest['responseMode'] | undefined {
  const m = params.response_mode;
  return typeof m === 'string' && (RESPONSE_MODES as readonly string[]).includes(m) ? (m as AuthorizeRequest['responseMode']) : undefined;
}

/** A parameter sent twice (RFC 6749 §3.1), refused by name (seed 002), or outside the allow-list. */
function parameterViolation(params: AuthorizeParams, rules: FlowRules, kind: FlowKind): string | undefined {
  const repeated = Object.keys(params).find((k) => Array.isArray(params[k]));
  if (repeated) return `Parameter ${repeated} must not be sent more than once`;
  for (const name of Object.keys(params)) {
    if (params[name] === undefined) continue;
    const refused = rules.refusedParameters[name];
    if (refused) return `Parameter ${name} (${refused}) is not supported for ${kindName(kind)}`;
    const allowed = rules.authorizeParameters;
    if (allowed !== 'any' && !allowed.names.includes(name) && !allowed.prefixes.some((p) => name.startsWith(p))) {
      return `Parameter ${name} is not supported for ${kindName(kind)}: only standard OAuth 2.0 and OpenID Connect parameters are accepted`;
    }
  }
  return undefined;
}

function pkceOf(
  params: AuthorizeParams,
  rules: FlowRules,
  kind: FlowKind,
  codeFlow: boolean,
): { error: string } | { challenge?: AuthorizeRequest['codeChallenge'] } {
  const challenge = params.code_challenge as string | undefined;
  const method = params.code_challenge_method as string | undefined;
  const required = !kind.firstParty && MODE_RULES[kind.mode].pkce === 'required';
  if (challenge === undefined || challenge === '') {
    if (method !== undefined) return { error: 'code_challenge_method was sent without code_challenge' };
    if (codeFlow && required) return { error: `PKCE is required for ${kindName(kind)}: send code_challenge with code_challenge_method=S256` };
    return {};
  }
  // RFC 7636 §4.3: an absent method means plain.
  const m = method ?? 'plain';
  if (!(rules.pkceMethods as readonly string[]).includes(m)) {
    return {
      error:
        m === 'plain' || m === 'S256'
          ? `code_challenge_method=${m} is not allowed for ${kindName(kind)}: use ${rules.pkceMethods.join(' or ')}`
          : `Unsupported code_challenge_method: ${m} (use ${rules.pkceMethods.join(' or ')})`,
    };
  }
  if (!CODE_CHALLENGE.test(challenge)) return { error: 'code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)' };
  return { challenge: { value: challenge, method: m as PkceMethod } };
}

/** `audience` selects the API; RFC 8707's `resource` does too under the compatibility profile. */
function audienceOf(params: AuthorizeParams, tenant: AuthorizeTenant): { error: string } | { audience?: string } {
  const audience = typeof params.audience === 'string' && params.audience !== '' ? params.audience : undefined;
  const resource =
    tenant.resourceParameterProfile === 'compatibility' && typeof params.resource === 'string' && params.resource !== '' ? params.resource : undefined;
  if (audience && resource && audience !== resource) return { error: 'audience and resource name different APIs: send one of them' };
  return { audience: audience ?? resource };
}

/** A connection as a login sees it. */
export interface LoginConnection {
  name: string;
  isDomainConnection: boolean;
  /** The connection is enabled for the client. */
  enabledForClient: boolean;
}

/**
 * The connections a login of this client may use: first-party clients those enabled for them; third-party
 * clients every domain-level connection, and (permissive mode) those enabled for them too (SPEC §4.1, seed 003).
 */
export function loginConnections<C extends LoginConnection>(kind: FlowKind, connections: readonly C[]): C[] {
  if (kind.firstParty) return connections.filter((c) => c.enabledForClient);
  const rule = MODE_RULES[kind.mode].connections;
  return connections.filter((c) => c.isDomainConnection || (rule === 'enabled_or_domain_level' && c.enabledForClient));
}

/** Why `connection=<name>` cannot be used by this client, or undefined when it can. */
export function connectionRefusal(kind: FlowKind, name: string, connection: LoginConnection | undefined): string | undefined {
  if (!connection) return `Unknown connection: ${name}`;
  if (loginConnections(kind, [connection]).length === 1) return undefined;
  return !kind.firstParty && MODE_RULES[kind.mode].connections === 'domain_level_only'
    ? `Connection ${name} is not a domain-level connection: ${kindName(kind)} may only log in through domain-level connections (is_domain_connection)`
    : `Connection ${name} is not enabled for this application`;
}

/** Seed 002: a tenant with an enabled Rule refuses a strict client's login, naming Rules. */
export function rulesRefusal(kind: FlowKind, enabledRules: number): string | undefined {
  if (kind.firstParty || MODE_RULES[kind.mode].rules !== 'login_error' || enabledRules === 0) return undefined;
  return `Rules are not supported for ${kindName(kind)}: this tenant has ${enabledRules} enabled Rule${enabledRules === 1 ? '' : 's'}. Disable them (or migrate them to Actions) to let this application log users in.`;
}
