import { useTestApp } from '@gatehouse/testing';

/** /api/v2/connections (issue 11 §5): database connections, Auth0's shapes and errors, enabled clients, isolation. */
describe('connections', () => {
  const app = useTestApp();
  const { t } = app;
  const call = app.api('/api/v2/connections');
  const newClient = async (name: string): Promise<string> =>
    (await app.api('/api/v2/clients')('POST', '', { name, app_type: 'regular_web', is_first_party: true })).json().client_id as string;

  it("the first start seeds Auth0's Username-Password-Authentication, and every new tenant gets its own", async () => {
    const seeded = (await call('GET', '?name=Username-Password-Authentication')).json();
    expect(seeded).toEqual([
      {
        id: expect.stringMatching(/^con_[A-Za-z0-9]{16}$/),
        name: 'Username-Password-Authentication',
        strategy: 'auth0',
        options: { mfa: { active: true, return_enroll_settings: true }, passwordPolicy: 'good', strategy_version: 2, brute_force_protection: true },
        is_domain_connection: false,
        realms: ['Username-Password-Authentication'],
      },
    ]);
    // Its password policy is enforced on users.
    const users = app.api('/api/v2/users');
    expect(
      (await users('POST', '', { connection: 'Username-Password-Authentication', email: 'weak@example.com', password: 'password' })).json().errorCode,
    ).toBe('invalid_password');
    expect((await users('POST', '', { connection: 'Username-Password-Authentication', email: 'ok@example.com', password: 'Passw0rd!' })).statusCode).toBe(201);
    const b = await t.createTenant('seeded-b.localhost:3000');
    const ofB = await t.inject({ method: 'GET', url: '/api/v2/connections', host: b.host, headers: { authorization: `Bearer ${await t.token(b)}` } });
    expect(ofB.json()).toEqual([{ ...seeded[0], id: expect.stringMatching(/^con_/) }]);
    expect(ofB.json()[0].id).not.toBe(seeded[0].id);
  });

  it('a deleted Username-Password-Authentication stays deleted across restarts', async () => {
    const [seeded] = (await call('GET', '?name=Username-Password-Authentication')).json();
    expect((await call('DELETE', `/${seeded.id}`)).statusCode).toBe(202);
    await t.restart();
    expect((await app.api('/api/v2/connections')('GET', '?name=Username-Password-Authentication')).json()).toEqual([]);
  });

  it('POST creates an auth0 connection in Auth0 shape; GET reads it; the list has no enabled_clients', async () => {
    const clientId = await newClient('conn app');
    const res = await call('POST', '', { name: 'customers-db', strategy: 'auth0', enabled_clients: [clientId], options: { passwordPolicy: 'good' } });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toEqual({
      id: expect.stringMatching(/^con_[A-Za-z0-9]{16}$/),
      name: 'customers-db',
      strategy: 'auth0',
      options: { passwordPolicy: 'good' },
      is_domain_connection: false,
      realms: ['customers-db'],
      enabled_clients: [clientId],
    });
    expect((await call('GET', `/${c.id}`)).json()).toEqual(c);
    expect((await call('GET', `/${c.id}?fields=name,strategy`)).json()).toEqual({ name: 'customers-db', strategy: 'auth0' });
    const listed = (await call('GET', '?name=customers-db')).json();
    expect(listed).toEqual([
      { id: c.id, name: 'customers-db', strategy: 'auth0', options: { passwordPolicy: 'good' }, is_domain_connection: false, realms: ['customers-db'] },
    ]);
    const totals = (await call('GET', '?include_totals=true&per_page=1&strategy=auth0')).json();
    expect(totals).toMatchObject({ start: 0, limit: 1, total: expect.any(Number), connections: [expect.any(Object)] });
    expect(Object.keys(totals).sort()).toEqual(['connections', 'limit', 'start', 'total']);
    const checkpoint = (await call('GET', '?take=1')).json();
    expect(checkpoint.connections).toHaveLength(1);
  });

  it.each([
    ['another strategy', { name: 'gh', strategy: 'github' }],
    ['an unknown strategy', { name: 'x', strategy: 'carrier-pigeon' }],
    ['a name with a space', { name: 'two words', strategy: 'auth0' }],
    ['a name ending with -', { name: 'trailing-', strategy: 'auth0' }],
    ['a name over 128 characters', { name: 'a'.repeat(129), strategy: 'auth0' }],
    ['an unknown property', { name: 'x', strategy: 'auth0', sso: true }],
    ['an unknown password policy', { name: 'x', strategy: 'auth0', options: { passwordPolicy: 'strongest' } }],
    ['11 metadata keys', { name: 'x', strategy: 'auth0', metadata: Object.fromEntries([...Array(11).keys()].map((i) => [`k${i}`, 'v'])) }],
    ['a metadata value over 255 characters', { name: 'x', strategy: 'auth0', metadata: { k: 'v'.repeat(256) } }],
    ['no name', { strategy: 'auth0' }],
  ])('POST with %s → 400 invalid_body', async (_, body) => {
    const res = await call('POST', '', body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_body' });
  });

  it('a name is unique per tenant: 409 connection_conflict', async () => {
    expect((await call('POST', '', { name: 'dup', strategy: 'auth0' })).statusCode).toBe(201);
    const res = await call('POST', '', { name: 'dup', strategy: 'auth0' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'A connection with the same name already exists',
      errorCode: 'connection_conflict',
    });
  });

  it('PATCH replaces options whole, promotes to domain level, refuses name; DELETE answers 202 then 404', async () => {
    const c = (await call('POST', '', { name: 'patch-me', strategy: 'auth0', options: { passwordPolicy: 'low', requires_username: true } })).json();
    const patched = await call('PATCH', `/${c.id}`, { is_domain_connection: true, options: { passwordPolicy: 'fair' }, display_name: 'Patch me' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ is_domain_connection: true, options: { passwordPolicy: 'fair' }, display_name: 'Patch me' });
    expect(patched.json().options).not.toHaveProperty('requires_username');
    expect((await call('PATCH', `/${c.id}`, { options: null })).json().options).toEqual({});
    expect((await call('PATCH', `/${c.id}`, { name: 'renamed' })).json().errorCode).toBe('invalid_body');
    expect((await call('DELETE', `/${c.id}`)).statusCode).toBe(202);
    const gone = await call('GET', `/${c.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'The connection does not exist', errorCode: 'inexistent_connection' });
    expect((await call('DELETE', `/${c.id}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/${c.id}`, {})).statusCode).toBe(404);
  });

  it("enabled clients in Auth0's current form: GET {clients, next} by checkpoint, PATCH [{client_id, status}] → 204", async () => {
    const [a, b, c] = [await newClient('ec a'), await newClient('ec b'), await newClient('ec c')];
    const conn = (await call('POST', '', { name: 'enabled-clients', strategy: 'auth0' })).json();
    expect((await call('GET', `/${conn.id}/clients`)).json()).toEqual({ clients: [] });
    const patched = await call('PATCH', `/${conn.id}/clients`, [
      { client_id: a, status: true },
      { client_id: b, status: true },
      { client_id: c, status: true },
    ]);
    expect(patched.statusCode).toBe(204);
    expect(patched.body).toBe('');
    const first = (await call('GET', `/${conn.id}/clients?take=2`)).json();
    expect(first).toEqual({ clients: [{ client_id: expect.any(String) }, { client_id: expect.any(String) }], next: expect.any(String) });
    const second = (await call('GET', `/${conn.id}/clients?take=2&from=${encodeURIComponent(first.next)}`)).json();
    expect(second).toEqual({ clients: [{ client_id: expect.any(String) }] });
    expect([...first.clients, ...second.clients].map((x: { client_id: string }) => x.client_id).sort()).toEqual([a, b, c].sort());
    expect((await call('PATCH', `/${conn.id}/clients`, [{ client_id: b, status: false }])).statusCode).toBe(204);
    expect((await call('GET', `/${conn.id}`)).json().enabled_clients.sort()).toEqual([a, c].sort());
    // Deleting an application takes it off the connection.
    expect((await app.api('/api/v2/clients')('DELETE', `/${c}`)).statusCode).toBe(204);
    expect((await call('GET', `/${conn.id}`)).json().enabled_clients).toEqual([a]);
    for (const bad of [
      [],
      {},
      [{ client_id: a }],
      [{ client_id: a, status: 'yes' }],
      [{ client_id: a, status: true, extra: 1 }],
      Array.from({ length: 51 }, () => ({ client_id: a, status: true })),
    ]) {
      const res = await call('PATCH', `/${conn.id}/clients`, bad);
      expect({ bad, status: res.statusCode, code: res.json().errorCode }).toEqual({ bad, status: 400, code: 'invalid_body' });
    }
    const unknownClient = await call('PATCH', `/${conn.id}/clients`, [{ client_id: 'nope', status: true }]);
    expect(unknownClient.statusCode).toBe(404);
    expect(unknownClient.json().errorCode).toBe('inexistent_client');
    expect((await call('GET', `/con_0000000000000000/clients`)).json().errorCode).toBe('inexistent_connection');
    expect((await call('GET', `/${conn.id}/clients?page=1`)).json().errorCode).toBe('invalid_query_string');
  });

  it('refuses bad queries with invalid_query_string', async () => {
    for (const q of ['?strategy=carrier-pigeon', '?per_page=101', '?bogus=1', '?include_totals=maybe']) {
      const res = await call('GET', q);
      expect({ q, status: res.statusCode, code: res.json().errorCode }).toEqual({ q, status: 400, code: 'invalid_query_string' });
    }
  });

  it('needs the connections scopes', async () => {
    const readOnly = await t.token(t.main, 'read:clients');
    for (const [method, url, scope] of [
      ['GET', '', 'read:connections'],
      ['POST', '', 'create:connections'],
      ['GET', '/con_x', 'read:connections'],
      ['PATCH', '/con_x', 'update:connections'],
      ['DELETE', '/con_x', 'delete:connections'],
      ['GET', '/con_x/clients', 'read:connections'],
      ['PATCH', '/con_x/clients', 'update:connections'],
    ] as const) {
      const res = await call(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}, readOnly);
      expect({ method, url, status: res.statusCode, body: res.json() }).toEqual({
        method,
        url,
        status: 403,
        body: { statusCode: 403, error: 'Forbidden', message: `Insufficient scope, expected any of: ${scope}`, errorCode: 'insufficient_scope' },
      });
    }
    expect((await t.inject({ method: 'GET', url: '/api/v2/connections' })).statusCode).toBe(401);
  });

  it("tenants are isolated: B sees none of A's connections and may reuse a name", async () => {
    const a = (await call('POST', '', { name: 'shared-name', strategy: 'auth0' })).json();
    const b = await t.createTenant('conn-b.localhost:3000');
    const tokenB = await t.token(b);
    const asB = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.inject({ method, url: `/api/v2/connections${url}`, host: b.host, headers: { authorization: `Bearer ${tokenB}` }, ...(payload ? { payload } : {}) });
    expect((await asB('GET', `/${a.id}`)).statusCode).toBe(404);
    expect((await asB('GET', '?name=shared-name')).json()).toEqual([]);
    expect((await asB('POST', '', { name: 'shared-name', strategy: 'auth0' })).statusCode).toBe(201);
  });
});
