import type { UserGrantRow } from '@gatehouse/schemas';
import { toUserGrantResponse } from './user-grant.mapper';
import { consentedScopes, userGrantFromRow, userGrantToRow } from './user-grant.model';

const row = (over: Partial<UserGrantRow>): UserGrantRow => ({
  id: '64f0c0ffee0000000000beef',
  tenant_id: 't1',
  user_id: 'auth0|64f0c0ffee0000000000cafe',
  client_id: 'c1',
  audience: 'https://api.example/',
  scope: ['read:a'],
  created_at: '2026-11-01T00:00:00.000Z',
  updated_at: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('userGrantFromRow: the one place a stored consent becomes a UserGrant', () => {
  it.each<[string, UserGrantRow]>([
    ['a consent', row({})],
    ['no scopes', row({ scope: [] })],
    ['several scopes', row({ scope: ['a', 'b', 'offline_access'] })],
  ])('userGrantToRow is its inverse: %s', (_name, r) => {
    expect(userGrantToRow(userGrantFromRow(r))).toEqual(r);
  });

  it('refuses a stored scope that is not a list of strings', () => {
    expect(() => userGrantFromRow(row({ scope: 'read:a' as never }))).toThrow(/user grant 64f0c0ffee0000000000beef/);
    expect(() => userGrantFromRow(row({ scope: [1] as never }))).toThrow(/stored scope/);
  });

  it("maps to Auth0's shape (clientID, as Auth0 spells it)", () => {
    expect(toUserGrantResponse(userGrantFromRow(row({})))).toEqual({
      id: '64f0c0ffee0000000000beef',
      clientID: 'c1',
      user_id: 'auth0|64f0c0ffee0000000000cafe',
      audience: 'https://api.example/',
      scope: ['read:a'],
    });
  });
});

describe('consentedScopes: a consent only grows', () => {
  it.each<[string[], string[], string[]]>([
    [[], ['a'], ['a']],
    [['a'], ['b'], ['a', 'b']],
    [
      ['a', 'b'],
      ['b', 'a'],
      ['a', 'b'],
    ],
    [['a'], [], ['a']],
    [['a'], ['c', 'c'], ['a', 'c']],
  ])('%p + %p → %p', (granted, consented, out) => {
    expect(consentedScopes(granted, consented)).toEqual(out);
  });
});
