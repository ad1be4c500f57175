import { CLIENT_DEFAULTS } from './client-defaults';
import { MODE_RULES } from './security-modes';
import type { FlowKind } from './authorization-request';

/**
 * Codes and refresh tokens over time (issue 11 §3): how long each lives and when a use of one is
 * refused. Pure: the token service stores the timestamps and asks here.
 */

/**
 * Authorization codes live a minute (RFC 6749 §4.1.2 recommends at most ten; node-oidc-provider's
 * default is 60 s): the client exchanges the code as soon as the redirect reaches it.
 */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 60;

/** A client's `refresh_token` settings as the token endpoint applies them. */
export interface RefreshTokenPolicy {
  rotating: boolean;
  /** Seconds during which an already rotated token may be used again without counting as reuse. */
  leewaySeconds: number;
  /** Lifetime of the whole family from the first grant; undefined: no limit. */
  absoluteSeconds?: number;
  /** Lifetime since the last issuance (rotating) or use (non-rotating); undefined: no limit. */
  idleSeconds?: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * The policy from a client's stored `refresh_token` object. A client whose mode says refresh tokens
 * must expire (strict) expires them whatever `expiration_type` says, and never has an infinite idle lifetime.
 */
export function refreshTokenPolicy(kind: FlowKind, settings: Readonly<Record<string, unknown>> | undefined): RefreshTokenPolicy {
  const rt = settings ?? {};
  const defaults = CLIENT_DEFAULTS.refreshTokenLifetimes.other;
  const modeRules = kind.firstParty ? undefined : MODE_RULES[kind.mode].refreshToken;
  const rotating = rt.rotation_type === 'rotating';
  const leewaySeconds = num(rt.leeway) ?? 0;
  if (rt.expiration_type !== 'expiring' && !modeRules?.mustExpire) return { rotating, leewaySeconds };
  const absoluteSeconds = rt.infinite_token_lifetime === true ? undefined : (num(rt.token_lifetime) ?? defaults.token_lifetime);
  const infiniteIdle = rt.infinite_idle_token_lifetime === true && (modeRules?.infiniteIdleAllowed ?? true);
  const idleSeconds = infiniteIdle ? undefined : (num(rt.idle_token_lifetime) ?? defaults.idle_token_lifetime);
  return { rotating, leewaySeconds, absoluteSeconds, idleSeconds };
}

/** A stored refresh token's timeline. */
export interface RefreshTokenState {
  /** When the family's first refresh token was issued (the user's grant). */
  familyStartedAt: Date;
  /** When this token was issued. */
  issuedAt: Date;
  /** Last successful use (non-rotating tokens are used many times). */
  lastUsedAt?: Date;
  /** A rotating token that has already been exchanged: when. */
  rotatedAt?: Date;
  revoked: boolean;
}

export type RefreshTokenUse = { ok: true; withinLeeway: boolean } | { ok: false; description: string; revokeFamily: boolean };

const seconds = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 1000;

/** May this refresh token be exchanged now? Reuse of a rotated token after the leeway revokes its family (OAuth 2.1 §4.3.1). */
export function refreshTokenUse(policy: RefreshTokenPolicy, token: RefreshTokenState, now: Date): RefreshTokenUse {
  if (token.revoked) return { ok: false, description: 'The refresh token has been revoked', revokeFamily: false };
  if (policy.absoluteSeconds !== undefined && seconds(token.familyStartedAt, now) > policy.absoluteSeconds) {
    return { ok: false, description: 'The refresh token has expired (absolute lifetime)', revokeFamily: false };
  }
  const lastActivity = policy.rotating ? token.issuedAt : (token.lastUsedAt ?? token.issuedAt);
  if (policy.idleSeconds !== undefined && seconds(lastActivity, now) > policy.idleSeconds) {
    return { ok: false, description: 'The refresh token has expired (idle lifetime)', revokeFamily: false };
  }
  if (policy.rotating && token.rotatedAt) {
    if (seconds(token.rotatedAt, now) <= policy.leewaySeconds) return { ok: true, withinLeeway: true };
    return {
      ok: false,
      description: 'Refresh token reuse detected: the token was already exchanged, so every token of its family is revoked',
      revokeFamily: true,
    };
  }
  return { ok: true, withinLeeway: false };
}

/** When a token stops being usable if nothing happens (for storage clean-up): the earlier limit, or never. */
export function refreshTokenExpiresAt(
  policy: RefreshTokenPolicy,
  token: Pick<RefreshTokenState, 'familyStartedAt' | 'issuedAt' | 'lastUsedAt'>,
): Date | undefined {
  const limits: number[] = [];
  if (policy.absoluteSeconds !== undefined) limits.push(token.familyStartedAt.getTime() + policy.absoluteSeconds * 1000);
  if (policy.idleSeconds !== undefined)
    limits.push((policy.rotating ? token.issuedAt : (token.lastUsedAt ?? token.issuedAt)).getTime() + policy.idleSeconds * 1000);
  return limits.length ? new Date(Math.min(...limits)) : undefined;
}

/**
 * A refresh token comes with a code exchange when `offline_access` was granted, the API allows
 * offline access and the client has the refresh_token grant (Auth0's rule).
 */
export function issuesRefreshToken(
  grantedScopes: readonly string[],
  api: { allowOfflineAccess: boolean } | undefined,
  clientGrantTypes: readonly string[],
): boolean {
  // Without an API the token is for /userinfo only, which has no offline-access switch.
  return grantedScopes.includes('offline_access') && (api?.allowOfflineAccess ?? true) && clientGrantTypes.includes('refresh_token');
}
