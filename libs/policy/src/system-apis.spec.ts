import { activatedSystemApi, refusedSystemApiProperties, systemApiBody, systemApis } from './system-apis';

describe('system APIs (SPEC §5)', () => {
  const [management, myAccount] = systemApis('acme.localhost:3000');

  it('the Management API is always there; the My Account API only once activated', () => {
    expect(management).toMatchObject({ name: 'Auth0 Management API', identifier: 'https://acme.localhost:3000/api/v2/', presence: 'always' });
    expect(myAccount).toMatchObject({
      name: 'Auth0 My Account API',
      identifier: 'https://acme.localhost:3000/me/',
      presence: 'on_activation',
      subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } },
    });
  });

  it('creating a resource server activates only the My Account API of the same domain', () => {
    expect(activatedSystemApi('acme.localhost:3000', 'https://acme.localhost:3000/me/')?.name).toBe('Auth0 My Account API');
    expect(activatedSystemApi('acme.localhost:3000', 'https://acme.localhost:3000/api/v2/')).toBeUndefined();
    expect(activatedSystemApi('acme.localhost:3000', 'https://other.localhost:3000/me/')).toBeUndefined();
    expect(activatedSystemApi('acme.localhost:3000', 'https://acme.localhost:3000/me')).toBeUndefined();
  });

  it('a system API body keeps what an admin may change and restores the fixed facts', () => {
    const stored = {
      token_lifetime: 1200,
      skip_consent_for_verifiable_first_party_clients: true,
      scopes: [{ value: 'made:up' }],
      subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'allow_all' } },
      signing_alg: 'HS256',
      name: 'stale copy',
    };
    expect(systemApiBody(myAccount!, stored)).toEqual({
      signing_alg: 'RS256',
      token_lifetime: 1200,
      token_lifetime_for_web: 7200,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: true,
      scopes: myAccount!.scopes,
      subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } },
    });
    expect(systemApiBody(management!)).toMatchObject({ token_lifetime: 86400, subject_type_authorization: management!.subject_type_authorization });
  });

  it('names the properties a system API refuses', () => {
    expect(refusedSystemApiProperties({ identifier: 'x', name: 'y', token_lifetime: 60, scopes: [], signing_alg: 'RS256' }, ['identifier', 'name'])).toEqual([
      'scopes',
      'signing_alg',
    ]);
    expect(refusedSystemApiProperties({ token_lifetime_for_web: 60 })).toEqual([]);
  });
});
