import { clientFieldsFor, defaultDifferences, isEmulated, leafPaths, recorderRoundTrip, topLevelKeys, wasSent } from './compare';

describe('replay comparison', () => {
  it.each([
    ['/api/v2/clients', true],
    ['/api/v2/clients/abc', true],
    ['/api/v2/clients/abc/rotate-secret', true],
    ['/api/v2/clients/abc/credentials', false],
    ['/api/v2/clients/cimd/preview', false],
    ['/api/v2/clients/cimd', false],
    ['/api/v2/resource-servers/https%3A%2F%2Fapi', true],
    ['/api/v2/client-grants/cgr_1/organizations', false],
    ['/api/v2/tenants/settings', true],
    ['/api/v2/organizations/org_1', false],
  ])('%s emulated: %s', (path, expected) => {
    expect(isEmulated(path)).toBe(expected);
  });

  it('round-trips a client body like the recorder: unknown keys and nulls dropped, secrets redacted, signing_keys always', () => {
    const fields = new Set(['name', 'client_id', 'client_secret', 'refresh_token', 'signing_keys']);
    expect(
      recorderRoundTrip(
        { name: 'a', client_id: 'x', tenant: 't', client_secret: 's', description: null, refresh_token: { leeway: 0, policies: null } },
        fields,
      ),
    ).toEqual({
      name: 'a',
      client_id: 'x',
      client_secret: '[REDACTED]',
      refresh_token: { leeway: 0 },
      signing_keys: [{ cert: '[REDACTED]' }],
    });
  });

  it.each([
    ['Go-Auth0/1.40.0', '1.40.0'],
    ['Go-Auth0/1.41.0', '1.40.0'],
    ['Go-Auth0/1.46.0', '1.45.0'],
    ['Go-Auth0/0.1.0', '0.11.0'],
  ])('picks the go-auth0 field list of %s from version %s', (ua, version) => {
    const versions = new Map(['0.11.0', '1.40.0', '1.45.0'].map((v) => [v, new Set([v])]));
    expect([...clientFieldsFor(ua, versions)]).toEqual([version]);
  });

  it('finds leaf paths, with arrays and empty objects as leaves', () => {
    expect([...leafPaths({ a: { b: 1, c: [1] }, d: {}, e: null }).keys()]).toEqual(['a.b', 'a.c', 'd', 'e']);
  });

  it.each([
    ['refresh_token.leeway', ['refresh_token.leeway'], true],
    ['refresh_token.leeway', ['refresh_token'], true],
    ['addons', ['addons.aws.role'], true],
    ['refresh_token.token_lifetime', ['refresh_token.leeway'], false],
    ['grant_types', ['grant'], false],
  ])('%s was sent given %j: %s', (path, sent, expected) => {
    expect(wasSent(path, new Set(sent))).toBe(expected);
  });

  it('reports differing defaults only for leaves never sent and not volatile', () => {
    const recorded = { id: 'r1', a: 1, b: { c: 2, d: 3 }, e: [1] };
    const ours = { id: 'o1', a: 1, b: { c: 5, d: 4 }, e: [2] };
    expect(defaultDifferences(recorded, ours, new Set(['b.d']), new Set(['id']))).toEqual([
      { path: 'b.c', recorded: 2, ours: 5 },
      { path: 'e', recorded: [1], ours: [2] },
    ]);
  });

  it('lists top-level keys of objects and of array elements', () => {
    expect(topLevelKeys({ b: 1, a: 2 })).toEqual(['a', 'b']);
    expect(topLevelKeys([{ a: 1 }, { b: 2 }])).toEqual(['a', 'b']);
  });
});
