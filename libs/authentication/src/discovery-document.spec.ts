import type { Tenant } from '@gatehouse/tenancy';
import { DISCOVERY_ENDPOINTS, discoveryDocument, DiscoveryEndpoint } from './discovery-document';

const tenant = (dcr: boolean): Tenant => ({
  id: 't1',
  accountId: 'a1',
  domain: 'acme.example',
  isDefault: false,
  issuer: 'https://acme.example/',
  managementAudience: 'https://acme.example/api/v2/',
  settings: { flags: { enable_dynamic_client_registration: dcr } },
  managementRateLimit: null,
});
const servedPaths =
  (...paths: string[]) =>
  (e: DiscoveryEndpoint) =>
    paths.includes(e.path);
const TODAY = servedPaths('oauth/token', '.well-known/jwks.json', 'oidc/register');

describe('discoveryDocument', () => {
  it('lists only served endpoints, with what the token endpoint accepts', () => {
    expect(discoveryDocument(tenant(false), TODAY)).toEqual({
      issuer: 'https://acme.example/',
      token_endpoint: 'https://acme.example/oauth/token',
      jwks_uri: 'https://acme.example/.well-known/jwks.json',
      response_types_supported: [],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      request_uri_parameter_supported: false,
      request_parameter_supported: false,
    });
  });

  it('names the registration endpoint only while DCR is enabled, and only while it is served', () => {
    expect(discoveryDocument(tenant(true), TODAY)).toMatchObject({ registration_endpoint: 'https://acme.example/oidc/register' });
    expect(discoveryDocument(tenant(false), TODAY)).not.toHaveProperty('registration_endpoint');
    expect(discoveryDocument(tenant(true), servedPaths('oauth/token'))).not.toHaveProperty('registration_endpoint');
  });

  it('an endpoint appears as soon as it is served, under the issuer, in Auth0’s order', () => {
    const all = discoveryDocument(tenant(true), () => true);
    const urls = Object.entries(all).filter(([, v]) => typeof v === 'string' && v.startsWith('http'));
    expect(urls.map(([k]) => k)).toEqual(['issuer', ...DISCOVERY_ENDPOINTS.map((e) => e.member)]);
    expect(urls.every(([, v]) => (v as string).startsWith('https://acme.example/'))).toBe(true);
    expect(all).toMatchObject({ authorization_endpoint: 'https://acme.example/authorize', userinfo_endpoint: 'https://acme.example/userinfo' });
  });

  it('metadata describing an endpoint leaves with it', () => {
    const noToken = discoveryDocument(tenant(false), servedPaths('.well-known/jwks.json'));
    expect(noToken).not.toHaveProperty('token_endpoint');
    expect(noToken).not.toHaveProperty('grant_types_supported');
    expect(noToken).not.toHaveProperty('token_endpoint_auth_methods_supported');
  });

  it('advertises no authorization-endpoint capability while there is no authorization endpoint', () => {
    const doc = discoveryDocument(tenant(true), TODAY);
    for (const member of ['code_challenge_methods_supported', 'response_modes_supported', 'scopes_supported', 'claims_supported']) {
      expect(doc).not.toHaveProperty(member);
    }
    expect(doc.response_types_supported).toEqual([]);
  });

  it('with /authorize, /userinfo and /oauth/revoke: their endpoints and what they accept', () => {
    const doc = discoveryDocument(tenant(false), servedPaths('authorize', 'oauth/token', '.well-known/jwks.json', 'userinfo', 'oauth/revoke'));
    expect(doc).toMatchObject({
      authorization_endpoint: 'https://acme.example/authorize',
      userinfo_endpoint: 'https://acme.example/userinfo',
      revocation_endpoint: 'https://acme.example/oauth/revoke',
      response_types_supported: ['code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      code_challenge_methods_supported: ['S256', 'plain'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    });
  });
});
