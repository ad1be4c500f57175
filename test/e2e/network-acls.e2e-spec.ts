import { RESTRICTED_ENDPOINTS } from '@gatehouse/policy';
import { useTestApp } from '@gatehouse/testing';

/** /api/v2/network-acls and their enforcement (SPEC §8; issue 5 §3). */
describe('network ACLs', () => {
  const app = useTestApp({ env: { GATEHOUSE_GEO_COUNTRY_HEADER: 'x-country' } });
  const { t } = app;
  beforeAll(async () => {
    await t.inject({
      method: 'PATCH',
      url: '/api/v2/tenants/settings',
      headers: { authorization: `Bearer ${app.token}` },
      payload: { flags: { enable_dynamic_client_registration: true } },
    });
  });

  const call = app.api('/api/v2/network-acls');

  it('CRUD with validation', async () => {
    const created = await call('POST', '', {
      description: 'block bots',
      active: true,
      priority: 1,
      rule: { action: { block: true }, match: { user_agents: ['evil-bot'] }, scope: 'dcr' },
    });
    expect(created.statusCode).toBe(201);
    const acl = created.json();
    expect(acl).toMatchObject({ id: expect.stringMatching(/^acl_/), description: 'block bots', active: true, priority: 1, rule: { scope: 'dcr' } });
    expect((await call('GET', '')).json()).toHaveLength(1);
    expect((await call('GET', `/${acl.id}`)).json().id).toBe(acl.id);
    expect((await call('PATCH', `/${acl.id}`, { description: 'still blocking bots' })).json().description).toBe('still blocking bots');
    for (const bad of [
      { description: 'x', active: true, priority: 11, rule: { action: { block: true }, scope: 'dcr' } },
      { description: 'x', active: true, priority: 1, rule: { action: { block: true, allow: true }, scope: 'dcr' } },
      { description: 'x', active: true, priority: 1, rule: { action: { block: true }, scope: 'everywhere' } },
      { description: 'x', active: true, priority: 1, rule: { action: { block: true }, match: { ipv4_cidrs: ['not-an-ip'] }, scope: 'dcr' } },
    ]) {
      const res = await call('POST', '', bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
    }
    expect((await call('GET', '/acl_nope')).statusCode).toBe(404);
  });

  it('blocks DCR for matching requests with 403, lets others through', async () => {
    const blocked = await t.inject({
      method: 'POST',
      url: '/oidc/register',
      headers: { 'user-agent': 'evil-bot/2.0' },
      payload: { redirect_uris: ['https://a.example/cb'] },
    });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toEqual({ error: 'access_denied', error_description: expect.stringContaining('network ACL') });
    const ok = await t.inject({
      method: 'POST',
      url: '/oidc/register',
      headers: { 'user-agent': 'mcp-client/1.0' },
      payload: { redirect_uris: ['https://a.example/cb'] },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('geo rules read the configured trusted header; management scope answers in Auth0 shape', async () => {
    const geo = (
      await call('POST', '', {
        description: 'no XX',
        active: true,
        priority: 2,
        rule: { action: { block: true }, match: { geo_country_codes: ['XX'] }, scope: 'management' },
      })
    ).json();
    const res = await t.inject({ method: 'GET', url: '/api/v2/clients', headers: { authorization: `Bearer ${app.token}`, 'x-country': 'XX' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ statusCode: 403, errorCode: 'operation_not_supported' });
    expect((await t.inject({ method: 'GET', url: '/api/v2/clients', headers: { authorization: `Bearer ${app.token}`, 'x-country': 'FR' } })).statusCode).toBe(
      200,
    );
    expect((await call('DELETE', `/${geo.id}`)).statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url: '/api/v2/clients', headers: { authorization: `Bearer ${app.token}`, 'x-country': 'XX' } })).statusCode).toBe(
      200,
    );
  });

  it("authentication scope covers the whole Authentication API (/authorize, the pages, the token flows, the refused endpoints); other scopes' paths go on", async () => {
    const acl = (
      await call('POST', '', {
        description: 'no auth bots',
        active: true,
        priority: 3,
        rule: { action: { block: true }, match: { user_agents: ['auth-bot'] }, scope: 'authentication' },
      })
    ).json();
    const headers = { 'user-agent': 'auth-bot/1.0' };
    try {
      const authentication: (readonly ['GET' | 'POST', string])[] = [
        ['GET', '/authorize?client_id=x&response_type=code'],
        ['POST', '/u/login'],
        ['POST', '/u/consent'],
        ['POST', '/oauth/token'],
        ['POST', '/oauth/revoke'],
        ['GET', '/userinfo'],
        ...RESTRICTED_ENDPOINTS.flatMap((e) => e.methods.map((method) => [method, e.path.replace(':client_id', 'x')] as const)),
      ];
      for (const [method, url] of authentication) {
        const res = await t.inject({ method, url, headers });
        expect({ method, url, status: res.statusCode, body: res.json() }).toEqual({
          method,
          url,
          status: 403,
          body: { error: 'access_denied', error_description: expect.stringContaining('network ACL') },
        });
      }
      // Without the user agent, /authorize runs (an unknown client is its error page).
      expect((await t.inject({ method: 'GET', url: '/authorize?client_id=x&response_type=code' })).statusCode).toBe(400);
      for (const [method, url, status] of [
        ['GET', '/.well-known/openid-configuration', 200],
        ['GET', '/.well-known/jwks.json', 200],
        ['GET', '/api/v2/network-acls', 200],
      ] as const) {
        expect({ url, status: (await t.inject({ method, url, headers: { ...headers, authorization: `Bearer ${app.token}` } })).statusCode }).toEqual({
          url,
          status,
        });
      }
      expect((await t.inject({ method: 'POST', url: '/oidc/register', headers, payload: { redirect_uris: ['https://a.example/cb'] } })).statusCode).toBe(201);
    } finally {
      expect((await call('DELETE', `/${acl.id}`)).statusCode).toBe(204);
    }
  });
});
