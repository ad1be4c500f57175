import type { ClientRow } from '@gatehouse/schemas';
import { clientFromRow } from './client.model';

const row = (over: Partial<ClientRow>): ClientRow => ({
  client_id: 'c1',
  tenant_id: 't1',
  name: 'x',
  is_first_party: true,
  app_type: null,
  global: false,
  third_party_security_mode: null,
  client_secret_enc: 'v1.sealed',
  body: {},
  created_at: '2026-11-01T00:00:00.000Z',
  updated_at: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('clientFromRow: the one place a client kind is decided', () => {
  it.each([
    ['first-party', row({}), { firstParty: true }],
    ['third-party stored strict', row({ is_first_party: false, third_party_security_mode: 'strict' }), { firstParty: false, mode: 'strict' }],
    ['third-party stored permissive', row({ is_first_party: false, third_party_security_mode: 'permissive' }), { firstParty: false, mode: 'permissive' }],
    [
      'third-party without a mode, before April 2026',
      row({ is_first_party: false, created_at: '2026-03-31T23:59:59.999Z' }),
      { firstParty: false, mode: 'permissive' },
    ],
    [
      'third-party without a mode, from April 2026',
      row({ is_first_party: false, created_at: '2026-04-01T00:00:00.000Z' }),
      { firstParty: false, mode: 'strict' },
    ],
  ] as const)('%s', (_name, r, kind) => {
    expect(clientFromRow(r).kind).toEqual(kind);
  });

  it('types the facts rules read and keeps the rest as settings', () => {
    const c = clientFromRow(
      row({
        app_type: 'spa',
        client_secret_enc: null,
        body: { grant_types: ['authorization_code', 7], token_endpoint_auth_method: 'none', callbacks: ['https://a.example/cb'], addons: { x: {} } },
      }),
    );
    expect(c).toMatchObject({
      appType: 'spa',
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'none',
      callbacks: ['https://a.example/cb'],
      authenticatesWithKeys: false,
      sealedSecret: undefined,
      settings: { addons: { x: {} } },
    });
    expect(clientFromRow(row({ body: { client_authentication_methods: { private_key_jwt: { credentials: [] } } } })).authenticatesWithKeys).toBe(true);
  });
});
