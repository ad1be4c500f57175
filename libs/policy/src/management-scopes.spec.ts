import { grantedScopes, MANAGEMENT_API_SCOPES, parseScope, scopeForUnemulatedPath } from './management-scopes';

describe('scopeForUnemulatedPath', () => {
  it.each([
    ['GET', '/api/v2/rules', 'read:rules'],
    ['GET', '/api/v2/rules/rul_1', 'read:rules'],
    ['POST', '/api/v2/log-streams', 'create:log_streams'],
    ['PATCH', '/api/v2/actions/actions/1', 'update:actions'],
    ['PUT', '/api/v2/roles/1/permissions', 'update:roles'],
    ['DELETE', '/api/v2/hooks/1', 'delete:hooks'],
    ['GET', '/api/v2/email-templates?x=1', 'read:email_templates'],
    ['GET', '/api/v2/', 'read:resources'],
  ])('%s %s → %s', (method, path, scope) => {
    expect(scopeForUnemulatedPath(method, path)).toBe(scope);
  });
});

describe('parseScope', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['read:clients', ['read:clients']],
    ['  read:clients   create:clients ', ['read:clients', 'create:clients']],
    ['a a b', ['a', 'b']],
  ])('%p → %p', (input, out) => expect(parseScope(input as string | undefined)).toEqual(out));
});

describe('grantedScopes (requested ∩ granted)', () => {
  it.each([
    [[], ['a', 'b'], ['a', 'b']],
    [['a'], ['a', 'b'], ['a']],
    [
      ['b', 'a'],
      ['a', 'b'],
      ['a', 'b'],
    ],
    [['c'], ['a', 'b'], []],
    [['a', 'c'], ['a', 'b'], ['a']],
    [['a'], [], []],
  ])('requested %p, granted %p → %p', (requested, granted, out) => {
    expect(grantedScopes(requested, granted)).toEqual(out);
  });
});

describe('MANAGEMENT_API_SCOPES', () => {
  it('lists the emulated scopes in Auth0 verb:resource form, without duplicates', () => {
    expect(new Set(MANAGEMENT_API_SCOPES).size).toBe(MANAGEMENT_API_SCOPES.length);
    for (const s of MANAGEMENT_API_SCOPES) expect(s).toMatch(/^(read|create|update|delete):[a-z_]+$/);
    expect(MANAGEMENT_API_SCOPES).toEqual(expect.arrayContaining(['read:clients', 'read:client_keys', 'update:tenant_settings']));
  });
});
