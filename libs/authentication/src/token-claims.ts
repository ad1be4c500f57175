import { createHash } from 'crypto';
/** The claims of an Auth0 access token (SPEC §3, issue 2 §6). Pure, so it is unit-tested alone. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  scope: string;
  gty: 'client-credentials';
  azp: string;
}

export function clientCredentialsClaims(input: {
  issuer: string;
  clientId: string;
  audience: string;
  scopes: readonly string[];
  nowSeconds: number;
  lifetimeSeconds: number;
}): AccessTokenClaims {
  return {
    iss: input.issuer,
    sub: `${input.clientId}@clients`,
    aud: input.audience,
    iat: input.nowSeconds,
    exp: input.nowSeconds + input.lifetimeSeconds,
    scope: input.scopes.join(' '),
    gty: 'client-credentials',
    azp: input.clientId,
  };
}

/** An access token issued to a client for a user (authorization_code, refresh_token). */
export interface UserAccessTokenClaims {
  iss: string;
  sub: string;
  /** The API, plus `<issuer>userinfo` when `openid` was granted (Auth0 writes an array then). */
  aud: string | string[];
  iat: number;
  exp: number;
  scope: string;
  azp: string;
}

export function userAccessTokenClaims(input: {
  issuer: string;
  userId: string;
  clientId: string;
  audiences: readonly string[];
  scopes: readonly string[];
  nowSeconds: number;
  lifetimeSeconds: number;
}): UserAccessTokenClaims {
  return {
    iss: input.issuer,
    sub: input.userId,
    aud: input.audiences.length === 1 ? input.audiences[0]! : [...input.audiences],
    iat: input.nowSeconds,
    exp: input.nowSeconds + input.lifetimeSeconds,
    scope: input.scopes.join(' '),
    azp: input.clientId,
  };
}

/** The userinfo audience Auth0 adds to an access token when `openid` was granted. */
export function userinfoAudience(issuer: string): string {
  return `${issuer}userinfo`;
}

/**
 * OpenID Connect Core §3.1.3.6: `at_hash` is the base64url of the left half of the access token's
 * SHA-256 (the hash of the ID token's RS256 algorithm).
 */
export function atHash(accessToken: string): string {
  return leftHalfHash(accessToken);
}

/** OpenID Connect Core §3.3.2.11: `c_hash`, the same hash of the authorization code (hybrid flow). */
export function cHash(code: string): string {
  return leftHalfHash(code);
}

function leftHalfHash(value: string): string {
  const digest = createHash('sha256').update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** The profile a user's OIDC claims are read from (Auth0's user properties). */
export interface ClaimsUser {
  userId: string;
  email?: string;
  updatedAt: string;
  profile: {
    email_verified?: boolean;
    name?: string;
    nickname?: string;
    picture?: string;
    given_name?: string;
    family_name?: string;
    phone_number?: string;
    phone_verified?: boolean;
  };
}

/**
 * The standard claims each OIDC scope releases (OpenID Connect Core §5.4), from Auth0's user profile:
 * `sub` always; `profile` the names, picture and `updated_at`; `email`; `phone`. Unset properties are
 * left out rather than sent empty.
 */
export function oidcClaims(user: ClaimsUser, scopes: readonly string[]): Record<string, string | boolean> {
  const claims: Record<string, string | boolean | undefined> = { sub: user.userId };
  const p = user.profile;
  if (scopes.includes('profile')) {
    Object.assign(claims, {
      given_name: p.given_name,
      family_name: p.family_name,
      nickname: p.nickname,
      name: p.name,
      picture: p.picture,
      updated_at: user.updatedAt,
    });
  }
  if (scopes.includes('email'))
    Object.assign(claims, { email: user.email, email_verified: user.email === undefined ? undefined : (p.email_verified ?? false) });
  if (scopes.includes('phone'))
    Object.assign(claims, { phone_number: p.phone_number, phone_number_verified: p.phone_number === undefined ? undefined : (p.phone_verified ?? false) });
  return Object.fromEntries(Object.entries(claims).filter((e): e is [string, string | boolean] => e[1] !== undefined));
}

/**
 * An ID token (OpenID Connect Core §2) as Gatehouse issues it, at the token endpoint and from /authorize
 * (implicit and hybrid flows): `at_hash` when an access token goes with it, `c_hash` when a code does.
 */
export interface IdTokenClaims extends Record<string, unknown> {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  azp: string;
  at_hash?: string;
  c_hash?: string;
  nonce?: string;
  auth_time?: number;
}

export function idTokenClaims(input: {
  issuer: string;
  user: ClaimsUser;
  clientId: string;
  scopes: readonly string[];
  /** The access token returned with the ID token, if any. */
  accessToken?: string;
  /** The authorization code returned with the ID token (hybrid flow), if any. */
  code?: string;
  nonce?: string;
  authTime?: string;
  nowSeconds: number;
  lifetimeSeconds: number;
}): IdTokenClaims {
  return {
    ...oidcClaims(input.user, input.scopes),
    iss: input.issuer,
    sub: input.user.userId,
    aud: input.clientId,
    iat: input.nowSeconds,
    exp: input.nowSeconds + input.lifetimeSeconds,
    azp: input.clientId,
    ...(input.accessToken !== undefined ? { at_hash: atHash(input.accessToken) } : {}),
    ...(input.code !== undefined ? { c_hash: cHash(input.code) } : {}),
    ...(input.nonce ? { nonce: input.nonce } : {}),
    ...(input.authTime ? { auth_time: Math.floor(Date.parse(input.authTime) / 1000) } : {}),
  };
}
