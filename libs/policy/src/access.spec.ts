import {
  AccessClient,
  AccessGrant,
  ClientPolicy,
  DEFAULT_API_POLICIES,
  grantOwnerKey,
  resolveAccess,
  SubjectType,
  systemApiRefused,
  UserPolicy,
} from './access';

const FIRST: AccessClient = { isFirstParty: true };
const PERMISSIVE: AccessClient = { isFirstParty: false, mode: 'permissive' };
const STRICT: AccessClient = { isFirstParty: false, mode: 'strict' };
const APP: AccessGrant = { id: 'cgr_app', scope: ['read:a'] };
const DEF: AccessGrant = { id: 'cgr_def', scope: ['read:a', 'write:a'] };

const api = (user: UserPolicy, client: ClientPolicy, isSystem = false) => ({
  identifier: isSystem ? 'https://t/api/v2/' : 'https://api.example/',
  isSystem,
  scopes: ['read:a', 'write:a'],
  policies: { user, client },
});

type Grants = 'none' | 'app' | 'default' | 'both';
const grants = (g: Grants) => ({ appGrant: g === 'app' || g === 'both' ? APP : undefined, defaultGrant: g === 'default' || g === 'both' ? DEF : undefined });

/**
 * Every combination: client kind × policy (for the subject type) × grants × subject type. The expected
 * outcome is written out by the rule it follows, so a change in any rule shows here.
 */
function expected(client: AccessClient, policy: UserPolicy | ClientPolicy, g: Grants): [boolean, string, string | undefined] {
  if (policy === 'deny_all') return [false, 'api_policy_deny_all', undefined];
  const third = !client.isFirstParty;
  const strict = third && client.mode === 'strict';
  const grant = g === 'app' || g === 'both' ? 'cgr_app' : third && g === 'default' ? 'cgr_def' : undefined;
  if (!strict && policy === 'allow_all') return [true, 'allowed_by_api_policy', undefined];
  if (!grant) return [false, 'no_client_grant', undefined];
  return [true, grant === 'cgr_def' ? 'granted_by_default_permission' : 'granted_by_client_grant', grant];
}

const clients: [string, AccessClient][] = [
  ['first-party', FIRST],
  ['permissive', PERMISSIVE],
  ['strict', STRICT],
];
const rows: [string, AccessClient, SubjectType, UserPolicy | ClientPolicy, Grants][] = [];
for (const [name, c] of clients) {
  for (const subject of ['user', 'client'] as SubjectType[]) {
    const policies: (UserPolicy | ClientPolicy)[] =
      subject === 'user' ? ['allow_all', 'require_client_grant', 'deny_all'] : ['require_client_grant', 'deny_all'];
    for (const p of policies) for (const g of ['none', 'app', 'default', 'both'] as Grants[]) rows.push([name, c, subject, p, g]);
  }
}

describe('resolveAccess: every client kind × policy × grants × subject type', () => {
  it.each(rows)('%s client, subject %s, policy %s, grants %s', (_, client, subject, policy, g) => {
    const a = subject === 'user' ? api(policy as UserPolicy, 'require_client_grant') : api('allow_all', policy as ClientPolicy);
    const d = resolveAccess({ client, api: a, subjectType: subject, requestedScopes: ['read:a'], ...grants(g) });
    const [allowed, reason, grantId] = expected(client, policy, g);
    expect({ allowed: d.allowed, reason: d.reason, grant_id: d.grant_id, policy: d.policy }).toEqual({ allowed, reason, grant_id: grantId, policy });
    expect(d.explanation.length).toBeGreaterThan(10);
    expect(d.scopes).toEqual(allowed ? ['read:a'] : []);
  });
});

describe('resolveAccess: system APIs', () => {
  it.each([
    [PERMISSIVE, 'app'],
    [STRICT, 'app'],
    [STRICT, 'default'],
    [PERMISSIVE, 'both'],
  ] as const)('third-party %p with %s grant → system_api_third_party', (client, g) => {
    const d = resolveAccess({ client, api: api('allow_all', 'require_client_grant', true), subjectType: 'client', requestedScopes: [], ...grants(g) });
    expect(d).toMatchObject({ allowed: false, reason: 'system_api_third_party' });
  });
  it('first-party with a grant may use a system API', () => {
    const d = resolveAccess({ client: FIRST, api: api('deny_all', 'require_client_grant', true), subjectType: 'client', requestedScopes: [], appGrant: APP });
    expect(d).toMatchObject({ allowed: true, reason: 'granted_by_client_grant', scopes: ['read:a'] });
  });
  it('deny_all wins over everything', () => {
    const d = resolveAccess({ client: FIRST, api: api('allow_all', 'deny_all', true), subjectType: 'client', requestedScopes: [], appGrant: APP });
    expect(d.reason).toBe('api_policy_deny_all');
  });
});

describe('resolveAccess: scopes', () => {
  const rs = api('require_client_grant', 'require_client_grant');
  it.each([
    ['client', [], { appGrant: APP }, true, ['read:a']],
    ['client', [], { defaultGrant: DEF }, true, ['read:a', 'write:a']],
    ['client', ['write:a'], { defaultGrant: DEF }, true, ['write:a']],
    ['client', ['write:a', 'read:a', 'x'], { defaultGrant: DEF }, true, ['read:a', 'write:a']],
    ['client', ['x'], { defaultGrant: DEF }, false, []],
    ['user', [], { defaultGrant: DEF }, true, []],
    ['user', ['write:a'], { defaultGrant: DEF }, true, ['write:a']],
  ] as const)('%s requesting %p with %p → allowed=%p scopes %p', (subject, requested, g, allowed, scopes) => {
    const d = resolveAccess({ client: STRICT, api: rs, subjectType: subject, requestedScopes: requested, ...g });
    expect(d.allowed).toBe(allowed);
    expect(d.scopes).toEqual(scopes);
    if (!allowed) expect(d.reason).toBe('scopes_not_granted');
  });

  it('the per-application grant takes precedence even when narrower than the default', () => {
    const d = resolveAccess({ client: STRICT, api: rs, subjectType: 'client', requestedScopes: ['write:a'], appGrant: APP, defaultGrant: DEF });
    expect(d).toMatchObject({ allowed: false, reason: 'scopes_not_granted', grant_id: 'cgr_app' });
    const all = resolveAccess({ client: STRICT, api: rs, subjectType: 'client', requestedScopes: [], appGrant: APP, defaultGrant: DEF });
    expect(all).toMatchObject({ allowed: true, scopes: ['read:a'], grant_id: 'cgr_app', reason: 'granted_by_client_grant' });
    expect(all.explanation).toContain('precedence');
  });

  it('first-party clients ignore default third-party permissions', () => {
    const d = resolveAccess({ client: FIRST, api: rs, subjectType: 'client', requestedScopes: [], defaultGrant: DEF });
    expect(d).toMatchObject({ allowed: false, reason: 'no_client_grant' });
  });

  it('a grant scope the API does not define is never issued', () => {
    const wide: AccessGrant = { id: 'cgr_wide', scope: ['read:a', 'gone:a'] };
    expect(resolveAccess({ client: FIRST, api: rs, subjectType: 'client', requestedScopes: [], appGrant: wide })).toMatchObject({
      allowed: true,
      scopes: ['read:a'],
    });
    expect(resolveAccess({ client: FIRST, api: rs, subjectType: 'client', requestedScopes: ['gone:a'], appGrant: wide })).toMatchObject({
      allowed: false,
      reason: 'scopes_not_granted',
    });
    expect(resolveAccess({ client: FIRST, api: rs, subjectType: 'user', requestedScopes: ['gone:a', 'read:a'], appGrant: wide }).scopes).toEqual(['read:a']);
  });

  it('allow_all_scopes grants every scope the API defines, whatever the grant lists', () => {
    const all: AccessGrant = { id: 'cgr_all', scope: [], allowAllScopes: true };
    expect(resolveAccess({ client: FIRST, api: rs, subjectType: 'client', requestedScopes: [], appGrant: all }).scopes).toEqual(['read:a', 'write:a']);
    expect(resolveAccess({ client: STRICT, api: rs, subjectType: 'user', requestedScopes: ['write:a', 'x'], defaultGrant: all }).scopes).toEqual(['write:a']);
  });

  it('allow_all user access intersects the requested scopes with the API scopes', () => {
    const open = api('allow_all', 'require_client_grant');
    expect(resolveAccess({ client: FIRST, api: open, subjectType: 'user', requestedScopes: ['read:a', 'other'] }).scopes).toEqual(['read:a']);
    expect(resolveAccess({ client: FIRST, api: open, subjectType: 'user', requestedScopes: ['other'] })).toMatchObject({
      allowed: false,
      reason: 'scopes_not_granted',
    });
  });
});

describe('rules shared by grants and the access decision', () => {
  it.each([
    [{ isSystem: true }, { isFirstParty: false }, true],
    [{ isSystem: true }, { isFirstParty: true }, false],
    [{ isSystem: false }, { isFirstParty: false }, false],
    [{ isSystem: false }, { isFirstParty: true }, false],
  ])('systemApiRefused(%j, %j) = %s', (api, client, expected) => {
    expect(systemApiRefused(api, client)).toBe(expected);
  });

  it.each([
    [{ clientId: 'abc' }, 'abc'],
    [{ defaultFor: 'third_party_clients' }, 'default:third_party_clients'],
  ] as const)('grantOwnerKey(%j) = %s', (owner, key) => {
    expect(grantOwnerKey(owner)).toBe(key);
  });

  it("new APIs' policies", () => {
    expect(DEFAULT_API_POLICIES).toEqual({ user: 'allow_all', client: 'require_client_grant' });
  });
});
