import { authenticatesWithKeys, patchedBody, withDefaults } from './client-defaults';

describe('client defaults (recorded Auth0 answers)', () => {
  it.each([
    ['first-party, nothing set', {}, null, { grant_types: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'], oidc_conformant: false }],
    ['spa', { app_type: 'spa' }, null, { grant_types: ['authorization_code', 'implicit', 'refresh_token'] }],
    ['native', { app_type: 'native' }, null, { grant_types: ['authorization_code', 'implicit', 'refresh_token'] }],
    [
      'express_configuration',
      { app_type: 'express_configuration' },
      null,
      { grant_types: ['authorization_code', 'client_credentials'], organization_usage: 'require' },
    ],
    ['resource_server', { app_type: 'resource_server' }, null, { grant_types: [], oidc_conformant: true }],
    [
      'confidential auth method',
      { token_endpoint_auth_method: 'client_secret_basic' },
      null,
      { refresh_token: expect.objectContaining({ token_lifetime: 31557600, idle_token_lifetime: 2592000 }) },
    ],
    [
      'public auth method',
      { token_endpoint_auth_method: 'none' },
      null,
      { refresh_token: expect.objectContaining({ token_lifetime: 2592000, idle_token_lifetime: 1296000 }) },
    ],
    ['alg sent: no lifetime added', { jwt_configuration: { alg: 'RS256' } }, null, { jwt_configuration: { secret_encoded: false, alg: 'RS256' } }],
    [
      'permissive third-party',
      { app_type: 'regular_web' },
      'permissive',
      { grant_types: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'] },
    ],
    [
      'strict confidential',
      { app_type: 'regular_web', token_endpoint_auth_method: 'client_secret_post' },
      'strict',
      {
        grant_types: ['authorization_code'],
        oidc_conformant: true,
        sso_disabled: false,
        redirection_policy: 'open_redirect_protection',
        jwt_configuration: { secret_encoded: false, alg: 'RS256', lifetime_in_seconds: 3600 },
        refresh_token: expect.objectContaining({
          rotation_type: 'non-rotating',
          expiration_type: 'expiring',
          infinite_idle_token_lifetime: false,
          token_lifetime: 31557600,
        }),
      },
    ],
    ['strict spa rotates', { app_type: 'spa' }, 'strict', { refresh_token: expect.objectContaining({ rotation_type: 'rotating' }) }],
  ] as const)('%s', (_name, payload, mode, expected) => {
    const body = withDefaults({ ...payload }, mode, { ...payload } as { app_type?: unknown });
    expect(body).toMatchObject(expected);
  });

  it.each([
    ['null clears', { addons: { a: {} }, x: 1 }, { addons: null }, { x: 1 }],
    ['plain values replace', { callbacks: ['a'] }, { callbacks: ['b'] }, { callbacks: ['b'] }],
    [
      'client_metadata merges, nested null removes',
      { client_metadata: { a: '1', b: '2' } },
      { client_metadata: { a: null, c: '3' } },
      { client_metadata: { b: '2', c: '3' } },
    ],
    ['addons replace', { addons: { a: {} } }, { addons: { b: {} } }, { addons: { b: {} } }],
    [
      'session_transfer gets defaults when it first appears',
      {},
      { session_transfer: { delegation: null } },
      {
        session_transfer: {
          can_create_session_transfer_token: false,
          allowed_authentication_methods: [],
          enforce_device_binding: 'ip',
          allow_refresh_token: false,
          enforce_online_refresh_tokens: true,
          enforce_cascade_revocation: true,
        },
      },
    ],
    [
      'oidc_logout mirrored',
      {},
      { oidc_logout: { backchannel_logout_urls: ['https://x'] } },
      { oidc_logout: { backchannel_logout_urls: ['https://x'] }, oidc_backchannel_logout: { backchannel_logout_urls: ['https://x'] } },
    ],
    ['oidc_backchannel_logout null clears both', { oidc_logout: { a: 1 }, oidc_backchannel_logout: { b: 1 } }, { oidc_backchannel_logout: null }, {}],
  ])('PATCH: %s', (_name, stored, patch, expected) => {
    expect(patchedBody(stored as Record<string, unknown>, patch as Record<string, unknown>)).toEqual(expected);
  });

  it.each([
    [{ client_authentication_methods: { private_key_jwt: { credentials: [] } } }, true],
    [{ client_authentication_methods: { tls_client_auth: {} } }, true],
    [{ client_authentication_methods: {} }, false],
    [{}, false],
  ])('%j authenticates with keys: %s', (body, expected) => {
    expect(authenticatesWithKeys(body)).toBe(expected);
  });
});
