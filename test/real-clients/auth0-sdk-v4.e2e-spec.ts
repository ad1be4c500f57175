import { ManagementApiError, ManagementClient } from 'auth0-v4';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';

/**
 * The official `auth0` SDK v4 (installed as the `auth0-v4` alias), unmodified, against a listening
 * Gatehouse: the API many Auth0 users still run (`getAll`, `get({ client_id })`, `rotateClientSecret`,
 * `tenants.getSettings`, answers wrapped in `{ data, status, headers }`). Like v7 it hard-codes
 * https://{domain} and takes a `fetch` option, which both its Management API calls and its token
 * request (client credentials, through its AuthenticationClient) use: that option rewrites the scheme
 * to plain HTTP on loopback.
 */

describe('auth0 SDK v4 against Gatehouse', () => {
  let t: TestApp;
  let port: number;
  let mgmt: ManagementClient;
  let seen: string[];

  const plainHttp = (input: URL | string | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input).replace(/^https:\/\/localhost:/, 'http://localhost:');
    seen.push(`${init?.method ?? 'GET'} ${url.slice(`http://localhost:${port}`.length)}`);
    return fetch(url, init);
  };
  const clientFor = (clientId: string, clientSecret: string) => new ManagementClient({ domain: `localhost:${port}`, clientId, clientSecret, fetch: plainHttp });

  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_PUBLIC_URL: `http://localhost:${port}` } });
    await t.app.listen({ port, host: '127.0.0.1' });
    seen = [];
    mgmt = clientFor(t.main.admin.clientId, t.main.admin.clientSecret);
  });
  afterAll(() => t.close());

  it('gets its token by client credentials at /oauth/token, once, for the audience it derives from the domain', async () => {
    const { data, status } = await mgmt.clients.get({ client_id: t.main.admin.clientId });
    expect(status).toBe(200);
    expect(data).toMatchObject({ client_id: t.main.admin.clientId, is_first_party: true });
    expect(seen).toEqual(['POST /oauth/token', `GET /api/v2/clients/${t.main.admin.clientId}`]);
    await mgmt.tenants.getSettings();
    expect(seen.filter((s) => s === 'POST /oauth/token')).toHaveLength(1);
    // The token's audience is what v4 computes, https://{domain}/api/v2/: Gatehouse's management audience.
    expect(t.main.tenant.managementAudience).toBe(`https://localhost:${port}/api/v2/`);
  });

  it('creates, lists by pages with totals, gets, updates, rotates the secret of and deletes a client', async () => {
    const created = await mgmt.clients.create({ name: 'sdk-v4-app', app_type: 'regular_web', callbacks: ['https://sdk-v4.example/cb'] });
    expect(created.status).toBe(201);
    const app = created.data;
    expect(app.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(app).toMatchObject({ name: 'sdk-v4-app', app_type: 'regular_web', callbacks: ['https://sdk-v4.example/cb'], is_first_party: true });
    expect(app.client_secret).toEqual(expect.any(String));
    for (let i = 0; i < 4; i++) expect((await mgmt.clients.create({ name: `sdk-v4-page-${i}` })).status).toBe(201);

    // Offset pages with include_totals: { start, limit, total, clients }.
    const first = await mgmt.clients.getAll({ per_page: 2, page: 0, include_totals: true });
    expect(first.status).toBe(200);
    // (Arrays parsed by fetch come from another realm than jest's: no expect.any(Array) here.)
    expect(Object.keys(first.data).sort()).toEqual(['clients', 'limit', 'start', 'total']);
    expect(first.data).toMatchObject({ start: 0, limit: 2, total: 6 }); // admin + sdk-v4-app + 4
    expect(first.data.clients).toHaveLength(2);
    const ids = first.data.clients.map((c) => c.client_id);
    for (let page = 1; ids.length < first.data.total; page++) {
      const next = await mgmt.clients.getAll({ per_page: 2, page, include_totals: true });
      expect(next.data).toMatchObject({ start: page * 2, limit: 2, total: 6 });
      ids.push(...next.data.clients.map((c) => c.client_id));
    }
    expect(new Set(ids).size).toBe(6);
    expect(ids).toEqual(expect.arrayContaining([t.main.admin.clientId, app.client_id]));
    // Without include_totals: a bare array; past the end: an empty one.
    const bare = await mgmt.clients.getAll({ per_page: 50 });
    expect(bare.data.map((c) => c.client_id).sort()).toEqual([...ids].sort());
    expect((await mgmt.clients.getAll({ per_page: 2, page: 3 })).data).toEqual([]);
    const filtered = await mgmt.clients.getAll({ app_type: 'regular_web', fields: 'client_id,name', include_fields: true });
    expect(filtered.data).toEqual([{ client_id: app.client_id, name: 'sdk-v4-app' }]);
    expect(seen).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/api\/v2\/clients\?.*include_totals=true/)]));

    const got = await mgmt.clients.get({ client_id: app.client_id! });
    expect(got.data).toMatchObject({ client_id: app.client_id, name: 'sdk-v4-app', client_secret: app.client_secret });

    const updated = await mgmt.clients.update({ client_id: app.client_id! }, { description: 'from the v4 SDK', callbacks: ['https://sdk-v4.example/cb2'] });
    expect(updated.status).toBe(200);
    expect(updated.data).toMatchObject({ description: 'from the v4 SDK', callbacks: ['https://sdk-v4.example/cb2'], name: 'sdk-v4-app' });

    const rotated = await mgmt.clients.rotateClientSecret({ client_id: app.client_id! });
    expect(rotated.status).toBe(200);
    expect(rotated.data.client_id).toBe(app.client_id);
    expect(rotated.data.client_secret).toEqual(expect.any(String));
    expect(rotated.data.client_secret).not.toBe(app.client_secret);
    expect((await mgmt.clients.get({ client_id: app.client_id! })).data.client_secret).toBe(rotated.data.client_secret);

    const deleted = await mgmt.clients.delete({ client_id: app.client_id! });
    expect(deleted.status).toBe(204);
    const gone = await mgmt.clients.get({ client_id: app.client_id! }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ManagementApiError);
    expect(gone).toMatchObject({ statusCode: 404, errorCode: 'inexistent_client', error: 'Not Found' });
  });

  it('surfaces a refused create as a ManagementApiError carrying Auth0’s error body', async () => {
    const refused = await mgmt.clients.create({ name: 'bad', is_first_party: false, grant_types: ['implicit'] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ManagementApiError);
    expect(refused).toMatchObject({ statusCode: 400, errorCode: 'invalid_body', error: 'Bad Request', msg: expect.stringContaining('grant_types') });
  });

  it('creates and lists resource servers and client grants, and the granted client gets a token from the SDK', async () => {
    const api = await mgmt.resourceServers.create({
      name: 'SDK v4 API',
      identifier: 'https://sdk-v4-api.example/',
      scopes: [
        { value: 'read:things', description: 'Read things' },
        { value: 'write:things', description: 'Write things' },
      ],
    });
    expect(api.status).toBe(201);
    expect(api.data).toMatchObject({ name: 'SDK v4 API', identifier: 'https://sdk-v4-api.example/', signing_alg: 'RS256', token_lifetime: 86400 });
    expect(api.data.id).toMatch(/^[0-9a-f]{24}$/);

    const apis = await mgmt.resourceServers.getAll({ include_totals: true, per_page: 50 });
    expect(apis.data.total).toBe(apis.data.resource_servers.length);
    expect(apis.data.resource_servers.map((r) => r.identifier)).toEqual(expect.arrayContaining([api.data.identifier, t.main.tenant.managementAudience]));
    const one = await mgmt.resourceServers.getAll({ identifiers: ['https://sdk-v4-api.example/'] });
    expect(one.data.map((r) => r.id)).toEqual([api.data.id]);

    const m2m = (await mgmt.clients.create({ name: 'sdk-v4-m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] })).data;
    const grant = await mgmt.clientGrants.create({ client_id: m2m.client_id!, audience: api.data.identifier!, scope: ['read:things'] });
    expect(grant.status).toBe(201);
    expect(grant.data).toMatchObject({ client_id: m2m.client_id, audience: 'https://sdk-v4-api.example/', scope: ['read:things'] });
    expect(grant.data.id).toMatch(/^cgr_[A-Za-z0-9]{16}$/);

    const byAudience = await mgmt.clientGrants.getAll({ audience: api.data.identifier });
    expect(byAudience.data).toEqual([grant.data]);
    const byClient = await mgmt.clientGrants.getAll({ client_id: m2m.client_id, include_totals: true });
    expect(byClient.data).toEqual({ start: 0, limit: 50, total: 1, client_grants: [grant.data] });

    // The grant is real: the SDK's own AuthenticationClient obtains a token for that API with that scope.
    const { AuthenticationClient } = await import('auth0-v4');
    const auth = new AuthenticationClient({ domain: `localhost:${port}`, clientId: m2m.client_id!, clientSecret: m2m.client_secret!, fetch: plainHttp });
    const token = await auth.oauth.clientCredentialsGrant({ audience: 'https://sdk-v4-api.example/' });
    expect(token.status).toBe(200);
    expect(token.data).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'read:things', access_token: expect.any(String) });
  });

  it('reads and updates tenant settings', async () => {
    const before = await mgmt.tenants.getSettings();
    expect(before.status).toBe(200);
    expect(before.data.flags?.enable_dynamic_client_registration).toBe(false);

    const updated = await mgmt.tenants.updateSettings({
      friendly_name: 'SDK v4 Tenant',
      support_email: 'support@sdk-v4.example',
      flags: { enable_dynamic_client_registration: true },
    });
    expect(updated.status).toBe(200);
    expect(updated.data).toMatchObject({ friendly_name: 'SDK v4 Tenant', support_email: 'support@sdk-v4.example' });
    expect(updated.data.flags?.enable_dynamic_client_registration).toBe(true);
    expect((await mgmt.tenants.getSettings()).data.flags?.enable_dynamic_client_registration).toBe(true);
  });

  it('projects tenant settings with fields and include_fields', async () => {
    await mgmt.tenants.updateSettings({ friendly_name: 'SDK v4 Projected', support_email: 'projected@sdk-v4.example' });
    const projected = await mgmt.tenants.getSettings({ fields: 'friendly_name,support_email', include_fields: true });
    expect(projected.data).toEqual({ friendly_name: 'SDK v4 Projected', support_email: 'projected@sdk-v4.example' });
    const excluded = await mgmt.tenants.getSettings({ fields: 'flags', include_fields: false });
    expect(excluded.data).toMatchObject({ friendly_name: 'SDK v4 Projected' });
    expect(excluded.data).not.toHaveProperty('flags');
  });
});
