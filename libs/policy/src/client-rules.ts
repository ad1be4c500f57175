import { MODE_RULES, SecurityMode } from './security-modes';

/** One broken rule: which property, which rule (a stable code), and a sentence saying why. */
export interface Violation {
  property: string;
  rule:
    | 'not_curated'
    | 'grant_type_not_allowed'
    | 'app_type_not_allowed'
    | 'alg_not_allowed'
    | 'auth_method_not_allowed'
    | 'refresh_token_must_expire'
    | 'infinite_idle_not_allowed'
    | 'wildcard_url'
    | 'fragment_url'
    | 'redirection_policy_not_allowed'
    | 'mode_on_first_party';
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function curatedAllows(path: string, curated: readonly string[]): boolean {
  if (curated.includes(path)) return true;
  const top = path.split('.')[0]!;
  return curated.includes(`${top}.*`);
}

/**
 * Properties a payload sets that its mode may not set (strict: anything outside the curated set).
 * Nested objects named by dotted paths in the curated list are checked property by property.
 */
export function curatedViolations(mode: SecurityMode, payload: Obj): Violation[] {
  const allowed = MODE_RULES[mode].properties;
  if (allowed === 'all') return [];
  const out: Violation[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (curatedAllows(key, allowed)) continue;
    const nested = allowed.filter((p) => p.startsWith(`${key}.`));
    if (nested.length > 0 && isObj(value)) {
      for (const sub of Object.keys(value)) {
        if (!curatedAllows(`${key}.${sub}`, allowed)) out.push(notCurated(`${key}.${sub}`, mode));
      }
      continue;
    }
    out.push(notCurated(key, mode));
  }
  return out;
}

function notCurated(property: string, mode: SecurityMode): Violation {
  return {
    property,
    rule: 'not_curated',
    message: `${property} cannot be set on third-party clients with third_party_security_mode "${mode}" (not in the curated set of properties)`,
  };
}

const URL_PROPERTIES = ['callbacks', 'allowed_origins', 'web_origins'] as const;

/** Exact URLs (seed 002; RFC 7591 redirect_uris): no wildcard, no fragment. */
export function exactUrlViolations(property: string, urls: readonly unknown[], context = ''): Violation[] {
  const out: Violation[] = [];
  for (const u of urls) {
    if (typeof u !== 'string') continue;
    if (u.includes('*')) out.push({ property, rule: 'wildcard_url', message: `${property} must be exact URLs${context}: wildcards are not allowed ("${u}")` });
    if (u.includes('#')) out.push({ property, rule: 'fragment_url', message: `${property} must be exact URLs${context}: fragments are not allowed ("${u}")` });
  }
  return out;
}

/** The mode's rules on a whole client (a create payload with defaults, or the merged result of a patch). */
export function clientViolations(mode: SecurityMode, client: Obj): Violation[] {
  const rules = MODE_RULES[mode];
  const out: Violation[] = [];

  const grants = Array.isArray(client.grant_types) ? (client.grant_types as string[]) : [];
  for (const g of grants) {
    if (!rules.grantTypes.allowed.includes(g)) {
      out.push({
        property: 'grant_types',
        rule: 'grant_type_not_allowed',
        message: `grant type "${g}" is not allowed for third_party_security_mode "${mode}" (allowed: ${rules.grantTypes.allowed.join(', ')})`,
      });
    }
  }

  if (rules.appTypes !== 'any' && typeof client.app_type === 'string' && !rules.appTypes.includes(client.app_type)) {
    out.push({
      property: 'app_type',
      rule: 'app_type_not_allowed',
      message: `app_type "${client.app_type}" is not allowed for third_party_security_mode "${mode}" (allowed: ${rules.appTypes.join(', ')})`,
    });
  }

  const alg = isObj(client.jwt_configuration) ? client.jwt_configuration.alg : undefined;
  if (rules.jwt.algs !== 'any' && typeof alg === 'string' && !rules.jwt.algs.includes(alg)) {
    out.push({
      property: 'jwt_configuration.alg',
      rule: 'alg_not_allowed',
      message: `jwt_configuration.alg "${alg}" is not allowed for third_party_security_mode "${mode}" (allowed: ${rules.jwt.algs.join(', ')})`,
    });
  }

  if (rules.clientAuthenticationMethods !== 'any' && isObj(client.client_authentication_methods)) {
    for (const m of Object.keys(client.client_authentication_methods)) {
      if (!rules.clientAuthenticationMethods.includes(m)) {
        out.push({
          property: `client_authentication_methods.${m}`,
          rule: 'auth_method_not_allowed',
          message: `client authentication method "${m}" is not allowed for third_party_security_mode "${mode}" (allowed: ${rules.clientAuthenticationMethods.join(', ')})`,
        });
      }
    }
  }

  if (isObj(client.refresh_token)) {
    const rt = client.refresh_token;
    // Expiry is `expiration_type`: Auth0's own strict default is "expiring" with infinite_token_lifetime
    // true (recordings, TestAccClient_ThirdPartySecurityMode), so that flag alone is no violation.
    if (rules.refreshToken.mustExpire && rt.expiration_type === 'non-expiring') {
      out.push({
        property: 'refresh_token.expiration_type',
        rule: 'refresh_token_must_expire',
        message: `refresh tokens of third_party_security_mode "${mode}" clients must expire (expiration_type "expiring")`,
      });
    }
    if (!rules.refreshToken.infiniteIdleAllowed && rt.infinite_idle_token_lifetime === true) {
      out.push({
        property: 'refresh_token.infinite_idle_token_lifetime',
        rule: 'infinite_idle_not_allowed',
        message: `an infinite idle refresh token lifetime is not allowed for third_party_security_mode "${mode}"`,
      });
    }
  }

  if (rules.urls === 'exact') {
    for (const prop of URL_PROPERTIES) {
      const urls = Array.isArray(client[prop]) ? (client[prop] as unknown[]) : [];
      out.push(...exactUrlViolations(prop, urls, ` for third_party_security_mode "${mode}"`));
    }
  }

  if (rules.redirectionPolicy !== 'not_applicable' && typeof client.redirection_policy === 'string') {
    if (!rules.redirectionPolicy.allowed.includes(client.redirection_policy)) {
      out.push({
        property: 'redirection_policy',
        rule: 'redirection_policy_not_allowed',
        message: `redirection_policy must be one of ${rules.redirectionPolicy.allowed.join(', ')}`,
      });
    }
  }
  return out;
}

/** First-party clients have no security mode. */
export function firstPartyViolations(payload: Obj): Violation[] {
  return payload.third_party_security_mode !== undefined
    ? [
        {
          property: 'third_party_security_mode',
          rule: 'mode_on_first_party',
          message: 'third_party_security_mode is only valid on third-party clients (is_first_party: false)',
        },
      ]
    : [];
}

/** Everything a mode refuses in a payload (curated set) and in the client it yields. */
export function allViolations(mode: SecurityMode, payload: Obj, resulting: Obj): Violation[] {
  return [...curatedViolations(mode, payload), ...clientViolations(mode, resulting)];
}
