import { TenantHandle, useTestApp } from '@gatehouse/testing';

/** POST /oidc/register (RFC 7591, SPEC §7, seed 004) and discovery (issue 5 §1, §2, §4). */
describe('Dynamic Client Registration and discovery', () => {
  const app = useTestApp();
  const { t } = app;

  const register = (payload: unknown, host?: string) => t.inject({ method: 'POST', url: '/oidc/register', host, payload: payload as object });
  const setDcr = (enabled: boolean, tenant: TenantHandle = t.main, bearer = app.token) =>
    t.inject({
      method: 'PATCH',
      url: '/api/v2/tenants/settings',
      host: tenant.host,
      headers: { authorization: `Bearer ${bearer}` },
      payload: { flags: { enable_dynamic_client_registration: enabled } },
    });
  // Registrations are limited to 5 per second per tenant: space them out.
  const nextWindow = async () => {
    const ms = 1000 - (t.clock.nowMs() % 1000);
    await new Promise((r) => setTimeout(r, ms + 5));
  };

  it('is refused while DCR is disabled, and discovery has no registration_endpoint', async () => {
    const res = await register({ redirect_uris: ['https://mcp.example/cb'] });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'access_denied', error_description: expect.any(String) });
    const disc = (await t.inject({ method: 'GET', url: '/.well-known/openid-configuration' })).json();
    expect(disc.registration_endpoint).toBeUndefined();
  });

  it('discovery documents carry the exact issuer and the endpoints', async () => {
    expect((await setDcr(true)).statusCode).toBe(200);
    for (const url of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const d = (await t.inject({ method: 'GET', url })).json();
      // Only served endpoints and what they accept today (issue 9 §7, issue 11 §4): /authorize (code in the
      // query, PKCE), the token endpoint's three grants, /userinfo, revocation; never a refusal-only path
      // such as /oauth/device/code (test/e2e/discovery.e2e-spec.ts).
      expect(d).toEqual({
        issuer: 'http://localhost:3000/',
        authorization_endpoint: 'http://localhost:3000/authorize',
        token_endpoint: 'http://localhost:3000/oauth/token',
        userinfo_endpoint: 'http://localhost:3000/userinfo',
        jwks_uri: 'http://localhost:3000/.well-known/jwks.json',
        registration_endpoint: 'http://localhost:3000/oidc/register',
        revocation_endpoint: 'http://localhost:3000/oauth/revoke',
        response_types_supported: ['code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
        response_modes_supported: ['query', 'fragment', 'form_post'],
        code_challenge_methods_supported: ['S256', 'plain'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        request_uri_parameter_supported: false,
        request_parameter_supported: false,
      });
    }
  });

  it('registers a strict public client (201, tpc_ id, no secret) visible through /api/v2/clients', async () => {
    await nextWindow();
    const res = await register({
      client_name: 'Claude Code',
      redirect_uris: ['http://127.0.0.1:33418/callback'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      application_type: 'native',
      unknown_member: 'ignored',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      client_id: expect.stringMatching(/^tpc_[A-Za-z0-9]{22}$/),
      client_secret_expires_at: 0,
      client_name: 'Claude Code',
      redirect_uris: ['http://127.0.0.1:33418/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    expect(body.client_secret).toBeUndefined();
    const c = (await t.inject({ method: 'GET', url: `/api/v2/clients/${body.client_id}`, headers: { authorization: `Bearer ${app.token}` } })).json();
    expect(c).toMatchObject({
      is_first_party: false,
      third_party_security_mode: 'strict',
      app_type: 'native',
      callbacks: ['http://127.0.0.1:33418/callback'],
      external_metadata_type: 'dcr',
      external_metadata_created_by: 'client',
      refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
    });
  });

  it('registers a confidential client with a secret by default (client_secret_post, regular_web)', async () => {
    await nextWindow();
    const res = await register({ redirect_uris: ['https://app.example/cb'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      token_endpoint_auth_method: 'client_secret_post',
      client_secret: expect.any(String),
      grant_types: ['authorization_code', 'refresh_token'],
    });
  });

  it.each([
    [{}, 'invalid_redirect_uri'],
    [{ redirect_uris: [] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['not a url'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['https://*.example/cb'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['https://a.example/cb#x'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['https://a.example/cb'], grant_types: ['client_credentials'] }, 'invalid_client_metadata'],
    [{ redirect_uris: ['https://a.example/cb'], grant_types: ['implicit'] }, 'invalid_client_metadata'],
    [{ redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    [{ redirect_uris: ['https://a.example/cb'], response_types: ['token'] }, 'invalid_client_metadata'],
    [{ redirect_uris: 'https://a.example/cb' }, 'invalid_client_metadata'],
  ])('refuses %p with 400 %s', async (payload, error) => {
    await nextWindow();
    const res = await register(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error, error_description: expect.any(String) });
  });

  it('limits registrations to 5 per second per tenant (429 with Retry-After), without limiting another tenant', async () => {
    const other = await t.createTenant('other.localhost:3000');
    expect((await setDcr(true, other, await t.token(other))).statusCode).toBe(200);
    await nextWindow();
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 7; i++) {
      const res = await register({ redirect_uris: ['https://burst.example/cb'] });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited = res;
    }
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(5);
    expect(statuses).toContain(429);
    expect(limited!.headers['retry-after']).toBe('1');
    expect(limited!.headers['x-ratelimit-limit']).toBe('5');
    expect(limited!.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited!.json().error).toBe('too_many_requests');
    const elsewhere = await register({ redirect_uris: ['https://other.example/cb'] }, other.host);
    expect(elsewhere.statusCode).toBe(201);
  });
});
