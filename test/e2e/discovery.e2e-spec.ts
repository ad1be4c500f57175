import { createLocalJWKSet, jwtVerify } from 'jose';
import { DISCOVERY_ENDPOINTS, REFUSAL_ONLY_PATHS } from '@gatehouse/authentication';
import { createTestApp, TenantHandle, TestApp } from '@gatehouse/testing';

/**
 * Discovery advertises only endpoints that exist (issue 9 §7): every URL in both documents is walked
 * with its method and answers something other than 404/405, every Auth0 endpoint missing from them is
 * really missing, and what the documents say the token endpoint accepts is what it accepts.
 */
describe('discovery documents are exact', () => {
  const DOCUMENTS = ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'] as const;
  const METHOD = new Map<string, 'GET' | 'POST'>(DISCOVERY_ENDPOINTS.map((e) => [e.member, e.method]));
  let t: TestApp;
  let acme: TenantHandle;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.createTenant('acme.localhost:3000');
  });
  afterAll(() => t.close());

  const discover = async (url: string, tenant: TenantHandle) => {
    const res = await t.inject({ method: 'GET', url, host: tenant.host });
    expect(res.statusCode).toBe(200);
    return res.json() as Record<string, unknown>;
  };
  const setDcr = async (tenant: TenantHandle, enabled: boolean) => {
    const res = await t.inject({
      method: 'PATCH',
      url: '/api/v2/tenants/settings',
      host: tenant.host,
      headers: { authorization: `Bearer ${await t.token(tenant)}` },
      payload: { flags: { enable_dynamic_client_registration: enabled } },
    });
    expect(res.statusCode).toBe(200);
  };
  /** The URL-valued members of a document but `issuer`. */
  const endpointsOf = (doc: Record<string, unknown>) =>
    Object.entries(doc).filter((e): e is [string, string] => e[0] !== 'issuer' && typeof e[1] === 'string' && /^https?:\/\//.test(e[1]));
  /** Call an advertised URL as a client would (no credentials, empty body): anything but "no such route". */
  const call = (tenant: TenantHandle, method: 'GET' | 'POST', url: string) => {
    const u = new URL(url);
    expect(u.host).toBe(tenant.host);
    return t.inject({ method, url: u.pathname, host: tenant.host, ...(method === 'POST' ? { payload: {} } : {}) });
  };

  describe.each([false, true])('Dynamic Client Registration enabled: %s', (dcr) => {
    beforeAll(() => Promise.all([setDcr(t.main, dcr), setDcr(acme, dcr)]));

    it.each(DOCUMENTS)('every URL in %s is served for its method, on each tenant', async (path) => {
      for (const tenant of [t.main, acme]) {
        const doc = await discover(path, tenant);
        expect(doc.issuer).toBe(tenant.tenant.issuer);
        const endpoints = endpointsOf(doc);
        const unserved: string[] = [];
        for (const [member, url] of endpoints) {
          expect(url.startsWith(tenant.tenant.issuer)).toBe(true);
          const method = METHOD.get(member);
          expect({ member, method }).toEqual({ member, method: expect.stringMatching(/^(GET|POST)$/) });
          const res = await call(tenant, method!, url);
          if (res.statusCode === 404 || res.statusCode === 405) unserved.push(`${member}: ${method} ${url} → ${res.statusCode}`);
        }
        expect(unserved).toEqual([]);
        // What is served today; an endpoint that lands joins this list (and the documents) by itself.
        // /authorize is another piece of work: listed exactly when its route answers.
        const authorize = (await t.inject({ method: 'GET', url: '/authorize', host: tenant.host })).statusCode !== 404;
        expect(endpoints.map(([member]) => member)).toEqual([
          ...(authorize ? ['authorization_endpoint'] : []),
          'token_endpoint',
          'userinfo_endpoint',
          'jwks_uri',
          ...(dcr ? ['registration_endpoint'] : []),
          'revocation_endpoint',
        ]);
      }
    });

    it('every Auth0 endpoint the documents leave out is not served', async () => {
      const doc = await discover(DOCUMENTS[0], t.main);
      for (const e of DISCOVERY_ENDPOINTS.filter((x) => !(x.member in doc))) {
        const res = await call(t.main, e.method, `${t.main.tenant.issuer}${e.path}`);
        if (e.member === 'registration_endpoint') {
          // Served but refused while DCR is off: the one endpoint listed by a tenant condition.
          expect(dcr).toBe(false);
          expect(res.statusCode).toBe(403);
          expect(res.json()).toMatchObject({ error: 'access_denied' });
        } else if (REFUSAL_ONLY_PATHS.includes(`/${e.path}`)) {
          // Answered only to refuse (strict applications) or to say it is not emulated: not advertised.
          expect(res.statusCode).toBe(400);
          expect(res.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('not emulated by Gatehouse') });
        } else {
          expect({ path: e.path, status: res.statusCode }).toEqual({ path: e.path, status: 404 });
        }
      }
    });
  });

  it('both documents are the same document', async () => {
    const [openid, oauth] = await Promise.all(DOCUMENTS.map((url) => discover(url, t.main)));
    expect(oauth).toEqual(openid);
  });

  it('claims authorization endpoint capabilities exactly when /authorize is served', async () => {
    const doc = await discover(DOCUMENTS[0], t.main);
    const served = (await t.inject({ method: 'GET', url: '/authorize?response_type=code&client_id=x' })).statusCode !== 404;
    const members = ['code_challenge_methods_supported', 'response_modes_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported'];
    if (served) {
      expect(doc).toMatchObject({
        authorization_endpoint: `${t.main.tenant.issuer}authorize`,
        response_types_supported: ['code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
        response_modes_supported: ['query', 'fragment', 'form_post'],
        code_challenge_methods_supported: ['S256', 'plain'],
      });
      for (const member of members) expect(doc).toHaveProperty(member);
    } else {
      expect(doc).not.toHaveProperty('authorization_endpoint');
      expect(doc.response_types_supported).toEqual([]);
      for (const member of members) expect(doc).not.toHaveProperty(member);
    }
    for (const member of ['scopes_supported', 'claims_supported']) expect(doc).not.toHaveProperty(member);
  });

  it('the token endpoint accepts exactly the advertised grant types, with each advertised client authentication', async () => {
    const doc = await discover(DOCUMENTS[1], t.main);
    expect(doc.grant_types_supported).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(doc.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'none']);
    const tokenPath = new URL(doc.token_endpoint as string).pathname;
    const jwks = createLocalJWKSet((await t.inject({ method: 'GET', url: new URL(doc.jwks_uri as string).pathname })).json());
    const { clientId, clientSecret } = t.main.admin;
    const audience = t.main.tenant.managementAudience;
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
    const requests: Record<string, { headers: Record<string, string>; payload: string }> = {
      client_secret_basic: {
        headers: { ...formHeaders, authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
        payload: form({ grant_type: 'client_credentials', audience }),
      },
      client_secret_post: {
        headers: formHeaders,
        payload: form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience }),
      },
    };
    for (const method of (doc.token_endpoint_auth_methods_supported as string[]).filter((m) => m !== 'none')) {
      const res = await t.inject({ method: 'POST', url: tokenPath, ...requests[method]! });
      expect({ method, status: res.statusCode }).toEqual({ method, status: 200 });
      const { payload } = await jwtVerify(res.json().access_token, jwks, { issuer: doc.issuer as string, audience });
      expect(payload.azp ?? payload.sub).toContain(clientId);
    }
    // `none` is for public applications' user grants; client_credentials always needs a secret.
    const none = await t.inject({
      method: 'POST',
      url: tokenPath,
      headers: formHeaders,
      payload: form({ grant_type: 'client_credentials', client_id: clientId, audience }),
    });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'invalid_client' });
    // The user grants are accepted (refused here for what is missing, not as unsupported); others are not listed.
    for (const grant of ['authorization_code', 'refresh_token']) {
      const res = await t.inject({
        method: 'POST',
        url: tokenPath,
        ...requests.client_secret_post!,
        payload: form({ grant_type: grant, client_id: clientId, client_secret: clientSecret }),
      });
      expect({ grant, error: res.json().error }).toEqual({ grant, error: expect.not.stringMatching(/^unsupported_grant_type$/) });
    }
    for (const grant of ['urn:ietf:params:oauth:grant-type:device_code', 'password']) {
      const res = await t.inject({
        method: 'POST',
        url: tokenPath,
        ...requests.client_secret_post!,
        payload: form({ grant_type: grant, client_id: clientId, client_secret: clientSecret }),
      });
      expect({ grant, error: res.json().error }).toEqual({ grant, error: 'unsupported_grant_type' });
    }
  });
});
