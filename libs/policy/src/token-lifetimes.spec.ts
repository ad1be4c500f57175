import type { FlowKind } from './authorization-request';
import { CLIENT_DEFAULTS } from './client-defaults';
import { issuesRefreshToken, RefreshTokenPolicy, refreshTokenExpiresAt, refreshTokenPolicy, refreshTokenUse, RefreshTokenState } from './token-lifetimes';

const strict: FlowKind = { firstParty: false, mode: 'strict' };
const permissive: FlowKind = { firstParty: false, mode: 'permissive' };
const firstParty: FlowKind = { firstParty: true };
const { idle_token_lifetime: IDLE, token_lifetime: ABS } = CLIENT_DEFAULTS.refreshTokenLifetimes.other;

describe('refreshTokenPolicy', () => {
  it.each([
    ['first-party, Auth0 default (non-expiring)', firstParty, CLIENT_DEFAULTS.refreshToken, { rotating: false, leewaySeconds: 0 }],
    ['permissive non-expiring', permissive, { expiration_type: 'non-expiring', rotation_type: 'rotating', leeway: 5 }, { rotating: true, leewaySeconds: 5 }],
    [
      'strict recorded default (expiring, infinite absolute)',
      strict,
      { ...CLIENT_DEFAULTS.strict.refreshToken, rotation_type: 'rotating', idle_token_lifetime: 600 },
      { rotating: true, leewaySeconds: 0, absoluteSeconds: undefined, idleSeconds: 600 },
    ],
    [
      'strict stored as non-expiring still expires',
      strict,
      { expiration_type: 'non-expiring', infinite_token_lifetime: true },
      { absoluteSeconds: undefined, idleSeconds: IDLE },
    ],
    [
      'strict never has an infinite idle lifetime',
      strict,
      { expiration_type: 'expiring', infinite_idle_token_lifetime: true, idle_token_lifetime: 60 },
      { idleSeconds: 60 },
    ],
    [
      'permissive may have an infinite idle lifetime',
      permissive,
      { expiration_type: 'expiring', infinite_idle_token_lifetime: true, token_lifetime: 100 },
      { absoluteSeconds: 100, idleSeconds: undefined },
    ],
    ['expiring without lifetimes gets the defaults', firstParty, { expiration_type: 'expiring' }, { absoluteSeconds: ABS, idleSeconds: IDLE }],
    ['no settings at all, strict', strict, undefined, { rotating: false, absoluteSeconds: ABS, idleSeconds: IDLE }],
  ] as const)('%s', (_n, kind, settings, expected) => {
    expect(refreshTokenPolicy(kind, settings as Record<string, unknown> | undefined)).toMatchObject(expected);
  });
});

describe('refreshTokenUse', () => {
  const t0 = new Date('2026-12-01T00:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const rotating: RefreshTokenPolicy = { rotating: true, leewaySeconds: 10, absoluteSeconds: 1000, idleSeconds: 100 };
  const nonRotating: RefreshTokenPolicy = { rotating: false, leewaySeconds: 0, idleSeconds: 100 };
  const token = (over: Partial<RefreshTokenState> = {}): RefreshTokenState => ({ familyStartedAt: t0, issuedAt: t0, revoked: false, ...over });
  it.each([
    ['fresh', rotating, token(), 50, { ok: true, withinLeeway: false }],
    ['revoked', rotating, token({ revoked: true }), 1, { ok: false, revokeFamily: false }],
    ['idle expired', rotating, token(), 101, { ok: false, revokeFamily: false, description: expect.stringContaining('idle') }],
    ['absolute expired though recently issued', rotating, token({ issuedAt: at(950) }), 1001, { ok: false, description: expect.stringContaining('absolute') }],
    ['rotated, reused within leeway', rotating, token({ rotatedAt: at(20) }), 30, { ok: true, withinLeeway: true }],
    ['rotated, reused after leeway: the family goes', rotating, token({ rotatedAt: at(20) }), 31, { ok: false, revokeFamily: true }],
    ['non-rotating: idle counts from the last use', nonRotating, token({ lastUsedAt: at(90) }), 150, { ok: true }],
    ['non-rotating: idle expired since last use', nonRotating, token({ lastUsedAt: at(90) }), 191, { ok: false }],
    ['no limits', { rotating: false, leewaySeconds: 0 }, token(), 10 ** 9, { ok: true }],
  ] as const)('%s', (_n, policy, state, s, expected) => {
    expect(refreshTokenUse(policy, state, at(s))).toMatchObject(expected);
  });
  it('expiresAt is the earlier limit, or never', () => {
    expect(refreshTokenExpiresAt(rotating, token({ issuedAt: at(950) }))).toEqual(at(1000));
    expect(refreshTokenExpiresAt(rotating, token())).toEqual(at(100));
    expect(refreshTokenExpiresAt({ rotating: false, leewaySeconds: 0 }, token())).toBeUndefined();
  });
});

describe('issuesRefreshToken', () => {
  it.each([
    [['offline_access'], { allowOfflineAccess: true }, ['authorization_code', 'refresh_token'], true],
    [['read'], { allowOfflineAccess: true }, ['authorization_code', 'refresh_token'], false],
    [['offline_access'], { allowOfflineAccess: false }, ['authorization_code', 'refresh_token'], false],
    [['offline_access'], { allowOfflineAccess: true }, ['authorization_code'], false],
    [['openid', 'offline_access'], undefined, ['authorization_code', 'refresh_token'], true],
  ] as const)('%o %o %o → %s', (scopes, api, grants, expected) => {
    expect(issuesRefreshToken(scopes, api, grants)).toBe(expected);
  });
});
