import { parseScope } from '@gatehouse/policy';

/**
 * Pure rules for reading a Management API request's credentials (issue 12 §4, SPEC §10 "strict JWT
 * validation"): the Authorization header, then the claims of the verified token. Table-driven tests in
 * token-rules.spec.ts.
 */

/** What the request's `Authorization` header(s) say. */
export type BearerCredentials =
  /** No header, or a scheme other than Bearer (Basic, …), or `Bearer` with nothing after it. */
  | { kind: 'missing' }
  /** Two headers, or `Bearer` followed by anything but exactly one token. */
  | { kind: 'malformed' }
  | { kind: 'token'; token: string };

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235 §2.1).
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const BEARER_SCHEME = /^bearer(?:[ \t]|$)/i;

/** Every `Authorization` value of a request, from Node's raw header list (which keeps duplicates). */
export function authorizationValues(req: { headers: Record<string, unknown>; raw?: { rawHeaders?: string[] } }): string[] {
  const raw = req.raw?.rawHeaders;
  if (Array.isArray(raw)) {
    const values: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'authorization') values.push(raw[i + 1]!);
    return values;
  }
  const h = req.headers.authorization;
  return typeof h === 'string' ? [h] : Array.isArray(h) ? h.map(String) : [];
}

/** Exactly one header, exactly `Bearer <token>`: never "the first one wins", nothing after the token. */
export function parseAuthorization(values: readonly string[]): BearerCredentials {
  if (values.length === 0) return { kind: 'missing' };
  if (values.length > 1) return { kind: 'malformed' };
  const value = values[0]!.replace(/^[ \t]+|[ \t]+$/g, '');
  if (!BEARER_SCHEME.test(value) || /^bearer$/i.test(value)) return { kind: 'missing' };
  const m = BEARER.exec(value);
  return m ? { kind: 'token', token: m[1]! } : { kind: 'malformed' };
}

/** Clock skew tolerated on `iat` and `nbf` (between instances, and with the issuer). */
export const CLOCK_LEEWAY_SECONDS = 60;
/**
 * A token may not expire more than this far ahead. Gatehouse issues access tokens for at most 30 days
 * (`token_lifetime` ≤ 2592000); a year leaves room for any clock a tenant runs on and still refuses a
 * token that would never expire (docs/decisions.md, "Hostile input and strict tokens").
 */
export const MAX_EXPIRY_AHEAD_SECONDS = 366 * 86_400;

export interface ClaimsContext {
  issuer: string;
  audience: string;
  nowSeconds: number;
}

export type ClaimsDecision = { ok: true; clientId: string; scopes: string[]; exp: number } | { ok: false; message: string };

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumericDate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

/** Claim types (RFC 7519 §4.1), then issuer, audience and the times, against the tenant and its clock. */
export function checkManagementClaims(claims: unknown, ctx: ClaimsContext): ClaimsDecision {
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return { ok: false, message: 'Invalid token' };
  const c = claims as Record<string, unknown>;
  const wrongType = (
    [
      ['iss', optional(c.iss, isString)],
      ['sub', optional(c.sub, isString)],
      ['azp', optional(c.azp, isString)],
      ['aud', optional(c.aud, (v) => isString(v) || (Array.isArray(v) && v.every(isString)))],
      ['scope', optional(c.scope, isString)],
      ['exp', optional(c.exp, isNumericDate)],
      ['iat', optional(c.iat, isNumericDate)],
      ['nbf', optional(c.nbf, isNumericDate)],
    ] as const
  ).find(([, ok]) => !ok);
  if (wrongType) return { ok: false, message: `Invalid token: the ${wrongType[0]} claim has the wrong type` };
  if (c.iss !== ctx.issuer) return { ok: false, message: `Bad issuer: ${String(c.iss)}` };
  const aud = (Array.isArray(c.aud) ? c.aud : [c.aud]) as (string | undefined)[];
  if (!aud.includes(ctx.audience)) return { ok: false, message: `Bad audience: ${aud.filter(Boolean).join(' ')}` };
  const exp = c.exp as number | undefined;
  if (exp === undefined || exp <= ctx.nowSeconds) return { ok: false, message: 'Expired token received for JSON Web Token validation' };
  if (exp > ctx.nowSeconds + MAX_EXPIRY_AHEAD_SECONDS) return { ok: false, message: 'Invalid token: exp is too far in the future' };
  if ((c.iat as number | undefined) !== undefined && (c.iat as number) > ctx.nowSeconds + CLOCK_LEEWAY_SECONDS) {
    return { ok: false, message: 'Invalid token: issued in the future (iat)' };
  }
  if ((c.nbf as number | undefined) !== undefined && (c.nbf as number) > ctx.nowSeconds + CLOCK_LEEWAY_SECONDS) {
    return { ok: false, message: 'Invalid token: not valid yet (nbf)' };
  }
  const sub = c.sub as string | undefined;
  return { ok: true, clientId: (c.azp as string | undefined) ?? (sub ?? '').replace(/@clients$/, ''), scopes: parseScope(c.scope as string | undefined), exp };
}

/** Protected-header rules beyond the algorithm: no `crit` extension is understood, so any is refused (RFC 7515 §4.1.11). */
export function headerRefusal(header: Record<string, unknown>): string | undefined {
  if (header.crit !== undefined) return 'Invalid token: unsupported critical header parameter';
  return undefined;
}
