import type { ConnectionRow } from '@gatehouse/schemas';
import { Connection, connectionFromRow, connectionToRow, databaseRules } from './connection.model';

const row = (over: Partial<ConnectionRow>): ConnectionRow => ({
  id: 'con_0000000000000001',
  tenant_id: 't1',
  name: 'Username-Password-Authentication',
  strategy: 'auth0',
  is_domain_connection: false,
  body: {},
  created_at: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('connectionFromRow: the one place a stored connection becomes a Connection', () => {
  it.each<[string, ConnectionRow, Partial<Connection>]>([
    ['a database connection', row({}), { strategy: 'auth0', isDomainConnection: false, properties: {} }],
    ['promoted to domain level', row({ is_domain_connection: true }), { isDomainConnection: true }],
    [
      "Auth0's other properties, kept as they are",
      row({ body: { realms: ['r'], display_name: 'D', options: { mfa: { active: true } } } }),
      { properties: { realms: ['r'], display_name: 'D', options: { mfa: { active: true } } } },
    ],
  ])('%s', (_name, r, expected) => {
    expect(connectionFromRow(r)).toMatchObject(expected);
  });

  it('refuses a stored connection of a strategy Gatehouse does not emulate', () => {
    expect(() => connectionFromRow(row({ strategy: 'github' }))).toThrow(/connection con_0000000000000001/);
  });

  it.each<[string, ConnectionRow]>([
    ['a bare connection', row({})],
    ['every column set', row({ is_domain_connection: true, body: { realms: ['a', 'b'], show_as_button: true, metadata: { k: 'v' } } })],
  ])('connectionToRow is its inverse: %s', (_name, r) => {
    expect(connectionToRow(connectionFromRow(r))).toEqual(r);
  });
});

describe('databaseRules: what the options demand of users', () => {
  it.each<[string, Record<string, unknown> | undefined, ReturnType<typeof databaseRules>]>([
    ['no options', undefined, { requiresUsername: false }],
    ['a policy', { passwordPolicy: 'good' }, { passwordPolicy: 'good', requiresUsername: false }],
    ['an unknown policy demands nothing', { passwordPolicy: 'strongest' }, { requiresUsername: false }],
    [
      'a minimum length',
      { passwordPolicy: 'low', password_complexity_options: { min_length: 12 } },
      { passwordPolicy: 'low', passwordMinLength: 12, requiresUsername: false },
    ],
    ['usernames', { requires_username: true }, { requiresUsername: true }],
  ])('%s', (_name, options, expected) => {
    expect(databaseRules(connectionFromRow(row({ body: options ? { options } : {} })))).toEqual(expected);
  });
});
