import type { ClientGrantRow } from '@gatehouse/schemas';
import { toClientGrantResponse } from './client-grant.mapper';
import { ClientGrant, clientGrantFromRow, clientGrantToRow } from './client-grant.model';

const row = (over: Partial<ClientGrantRow>): ClientGrantRow => ({
  id: 'cgr_0000000000000001',
  tenant_id: 't1',
  client_id: 'c1',
  default_for: null,
  owner_key: 'c1',
  audience: 'https://api.example',
  subject_type: 'client',
  scope: ['read:a'],
  allow_any_organization: false,
  body: {},
  created_at: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('clientGrantFromRow: the one place a stored grant becomes a ClientGrant', () => {
  it.each<[string, ClientGrantRow, Partial<ClientGrant>]>([
    ['a per-application grant', row({}), { owner: { kind: 'client', clientId: 'c1' }, subjectType: 'client', scopes: ['read:a'], properties: {} }],
    [
      'the default third-party permission',
      row({ client_id: null, default_for: 'third_party_clients', owner_key: 'default:third_party_clients' }),
      { owner: { kind: 'default', defaultFor: 'third_party_clients' } },
    ],
    ['a user grant', row({ subject_type: 'user' }), { subjectType: 'user' }],
    ['allow_all_scopes set', row({ body: { allow_all_scopes: true } }), { allowAllScopes: true, properties: {} }],
    [
      'allow_any_organization set false (the body remembers it)',
      row({ body: { allow_any_organization: false } }),
      { properties: { allow_any_organization: false } },
    ],
    ['allow_any_organization true in the column', row({ allow_any_organization: true }), { properties: { allow_any_organization: true } }],
    [
      "Auth0's other properties, kept as they are",
      row({ body: { organization_usage: 'require', authorization_details_types: ['payment'] } }),
      { properties: { organization_usage: 'require', authorization_details_types: ['payment'] } },
    ],
  ])('%s', (_name, r, expected) => {
    expect(clientGrantFromRow(r)).toMatchObject(expected);
  });

  it('leaves allow_all_scopes unset until it is set', () => {
    expect(clientGrantFromRow(row({}))).not.toHaveProperty('allowAllScopes');
  });

  it.each<[string, Partial<ClientGrantRow>]>([
    ['an owner that is neither', { client_id: null, default_for: null }],
    ['an unknown default_for', { client_id: null, default_for: 'everyone' }],
    ['an unknown subject type', { subject_type: 'robot' }],
  ])('refuses a stored grant with %s', (_name, over) => {
    expect(() => clientGrantFromRow(row(over))).toThrow(/client grant cgr_0000000000000001/);
  });

  it.each<[string, ClientGrantRow]>([
    ['a bare grant', row({})],
    ['a default grant', row({ client_id: null, default_for: 'third_party_clients', owner_key: 'default:third_party_clients' })],
    [
      'every property set',
      row({
        allow_any_organization: true,
        body: { organization_usage: 'allow', allow_any_organization: true, authorization_details_types: ['x'], allow_all_scopes: false },
      }),
    ],
  ])('clientGrantToRow is its inverse: %s', (_name, r) => {
    expect(clientGrantToRow(clientGrantFromRow(r))).toEqual(r);
  });
});

describe('toClientGrantResponse: keys only where Auth0 sends them', () => {
  it.each<[string, ClientGrantRow, Record<string, unknown>]>([
    ['a bare grant', row({}), { id: 'cgr_0000000000000001', client_id: 'c1', audience: 'https://api.example', scope: ['read:a'], subject_type: 'client' }],
    [
      'a default grant: default_for instead of client_id',
      row({ client_id: null, default_for: 'third_party_clients' }),
      { id: 'cgr_0000000000000001', default_for: 'third_party_clients', audience: 'https://api.example', scope: ['read:a'], subject_type: 'client' },
    ],
    [
      'every property once set',
      row({ allow_any_organization: true, body: { organization_usage: 'allow', authorization_details_types: ['x'], allow_all_scopes: false } }),
      {
        id: 'cgr_0000000000000001',
        client_id: 'c1',
        audience: 'https://api.example',
        scope: ['read:a'],
        subject_type: 'client',
        organization_usage: 'allow',
        authorization_details_types: ['x'],
        allow_all_scopes: false,
        allow_any_organization: true,
      },
    ],
    ['allow_any_organization false once set', row({ body: { allow_any_organization: false } }), expect.objectContaining({ allow_any_organization: false })],
  ])('%s', (_name, r, expected) => {
    expect(toClientGrantResponse(clientGrantFromRow(r))).toEqual(expected);
  });
});
