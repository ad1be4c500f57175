import type { LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { controlPlane, createTestApp, TestApp, testDatabase } from '@gatehouse/testing';

/**
 * The control plane (issue 14 §1, SPEC §2, §9): accounts and tenants behind the root credential. A new
 * tenant answers on its Host at once with its own Management API, keys, connection and admin application;
 * eligibility comes from the account's recorded history or its tenants' pre-April third-party clients and
 * says which; deleting a tenant leaves no row of it behind.
 */
const ROOT = 'root-credential-for-the-control-plane-e2e-0123456789';
const NOW = new Date('2026-06-01T00:00:00Z');

describe('control plane', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: NOW, env: { GATEHOUSE_ROOT_TOKEN: ROOT } });
  });
  afterAll(() => t.close());

  const { root, createAccount, createTenant, tokenOf } = controlPlane(() => t, ROOT);
  const mgmt = (host: string, token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.inject({ method, url, host, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  const expectAuth0Error = (res: LightMyRequestResponse, statusCode: number, errorCode: string) => {
    expect(res.statusCode).toBe(statusCode);
    expect(res.json()).toEqual({ statusCode, error: expect.any(String), message: expect.any(String), errorCode });
  };

  describe('the root credential', () => {
    it.each([
      ['no Authorization header', null, 401, 'missing_authentication'],
      ['another token', 'Bearer not-the-root-credential-at-all-0123456789', 401, 'invalid_token'],
      ['the root credential with a character changed', `Bearer ${ROOT.slice(0, -1)}X`, 401, 'invalid_token'],
      ['a Basic header', `Basic ${Buffer.from(`root:${ROOT}`).toString('base64')}`, 401, 'invalid_token'],
    ])('%s → %p %s, on every route', async (_, authorization, status, code) => {
      for (const [method, url] of [
        ['GET', '/ext/v1/accounts'],
        ['POST', '/ext/v1/accounts'],
        ['GET', '/ext/v1/accounts/acc_x'],
        ['DELETE', '/ext/v1/accounts/acc_x'],
        ['GET', '/ext/v1/tenants'],
        ['POST', '/ext/v1/tenants'],
        ['GET', '/ext/v1/tenants/ten_x'],
        ['DELETE', '/ext/v1/tenants/ten_x'],
      ] as const) {
        expectAuth0Error(await root(method, url, method === 'POST' ? { name: 'x' } : undefined, authorization), status, code);
      }
    });

    it("a tenant's Management API token (every scope) is not the root credential", async () => {
      expectAuth0Error(await root('GET', '/ext/v1/accounts', undefined, `Bearer ${await t.token()}`), 401, 'invalid_token');
    });

    it('refused calls are not written to the log of the tenant the Host routes to', async () => {
      await root('GET', '/ext/v1/accounts', undefined, 'Bearer wrong');
      const logs = await mgmt(t.main.host, await t.token(), 'GET', '/api/v2/logs?per_page=100');
      expect(logs.json().filter((e: { details?: { request?: { path?: string } } }) => e.details?.request?.path?.startsWith('/ext/v1/accounts'))).toEqual([]);
    });
  });

  describe('accounts', () => {
    it('with recorded history: eligible, from that history, since the date it claims', async () => {
      const a = await createAccount({ name: 'Acme', history: { third_party_applications_before_april_2026: true, since: '2026-02-01' } });
      expect(a).toEqual({
        id: expect.stringMatching(/^acc_/),
        name: 'Acme',
        created_at: expect.any(String),
        history: { third_party_applications_before_april_2026: true, since: '2026-02-01T00:00:00.000Z' },
        eligibility: {
          eligible: true,
          source: 'recorded_history',
          since: '2026-02-01T00:00:00.000Z',
          explanation: expect.stringContaining('recorded history says it had third-party applications before April 2026'),
        },
      });
      expect((await root('GET', `/ext/v1/accounts/${a.id}`)).json()).toEqual(a);
    });

    it('without history: not eligible, and it says why', async () => {
      const b = await createAccount({ name: 'Newcomer' });
      expect(b.history).toEqual({ third_party_applications_before_april_2026: false, since: null });
      expect(b.eligibility).toEqual({ eligible: false, source: 'none', since: null, explanation: expect.stringContaining('no recorded history') });
      const c = await createAccount({ name: 'Said no', history: { third_party_applications_before_april_2026: false } });
      expect(c.eligibility.eligible).toBe(false);
    });

    it.each([
      [
        'a history dated from April 2026 on',
        { name: 'x', history: { third_party_applications_before_april_2026: true, since: '2026-04-01' } },
        /history\.since/,
      ],
      ['a history without its date', { name: 'x', history: { third_party_applications_before_april_2026: true } }, /history\.since/],
      ['a date without the history', { name: 'x', history: { third_party_applications_before_april_2026: false, since: '2026-01-01' } }, /history\.since/],
      ['a date that is not one', { name: 'x', history: { third_party_applications_before_april_2026: true, since: 'last year' } }, /since/],
      ['no name', {}, /name/],
      ['an unknown property', { name: 'x', plan: 'enterprise' }, /plan/],
    ])('400 invalid_body for %s', async (_, body, message) => {
      const res = await root('POST', '/ext/v1/accounts', body);
      expectAuth0Error(res, 400, 'invalid_body');
      expect(res.json().message).toMatch(message);
    });

    it('lists accounts (the default account first), with Auth0 offset pages', async () => {
      const list = await root('GET', '/ext/v1/accounts');
      expect(list.statusCode).toBe(200);
      expect(list.json()[0]).toMatchObject({ id: t.main.tenant.accountId, name: 'Default account' });
      const page = await root('GET', '/ext/v1/accounts?per_page=1&page=1&include_totals=true');
      expect(page.json()).toEqual({ start: 1, limit: 1, total: list.json().length, accounts: [list.json()[1]] });
      expectAuth0Error(await root('GET', '/ext/v1/accounts?per_page=1000'), 400, 'invalid_query_string');
      expectAuth0Error(await root('GET', '/ext/v1/accounts/acc_doesnotexist'), 404, 'not_found');
    });
  });

  describe('tenants', () => {
    it('answers on its Host at once with its own Management API, keys, connection and admin application; isolated from the default tenant', async () => {
      const account = await createAccount({ name: 'Partner', history: { third_party_applications_before_april_2026: true, since: '2025-11-15T10:00:00Z' } });
      const tenant = await createTenant(account.id, 'partner.localhost:3000');
      expect(tenant).toEqual({
        id: expect.stringMatching(/^ten_/),
        account_id: account.id,
        domain: 'partner.localhost:3000',
        friendly_name: 'partner',
        is_default: false,
        issuer: 'http://partner.localhost:3000/',
        management_api_audience: 'https://partner.localhost:3000/api/v2/',
        created_at: expect.any(String),
        admin_application: { client_id: expect.any(String), client_secret: expect.any(String) },
      });
      // The secret is shown once: never again.
      const read = await root('GET', `/ext/v1/tenants/${tenant.id}`);
      expect(read.json()).toEqual({ ...tenant, admin_application: { client_id: tenant.admin_application.client_id } });

      const token = await tokenOf(tenant);
      const jwks = await t.inject({ method: 'GET', url: '/.well-known/jwks.json', host: tenant.domain });
      const mainJwks = await t.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      expect(jwks.json().keys[0].kid).not.toBe(mainJwks.json().keys[0].kid);
      const connections = await mgmt(tenant.domain, token, 'GET', '/api/v2/connections');
      expect(connections.json().map((c: { name: string }) => c.name)).toEqual(['Username-Password-Authentication']);
      const created = await mgmt(tenant.domain, token, 'POST', '/api/v2/clients', { name: 'partner app', is_first_party: false });
      expect(created.statusCode).toBe(201);
      // Eligible by its recorded history, between April and the flip: permissive by default.
      expect(created.json().third_party_security_mode).toBe('permissive');

      // Isolation: the default tenant neither sees the client nor accepts the tenant's token, and vice versa.
      expect((await mgmt(t.main.host, await t.token(), 'GET', `/api/v2/clients/${created.json().client_id}`)).statusCode).toBe(404);
      expect((await mgmt(t.main.host, token, 'GET', '/api/v2/clients')).statusCode).toBe(401);
      expect((await mgmt(tenant.domain, await t.token(), 'GET', '/api/v2/clients')).statusCode).toBe(401);
      const theirs = (await mgmt(tenant.domain, token, 'GET', '/api/v2/clients')).json().map((c: { client_id: string }) => c.client_id);
      expect(theirs).toEqual(expect.arrayContaining([tenant.admin_application.client_id, created.json().client_id]));
      expect(theirs).not.toContain(t.main.admin.clientId);

      const listed = await root('GET', `/ext/v1/tenants?account_id=${account.id}`);
      expect(listed.json()).toEqual([read.json()]);
      expect((await root('GET', '/ext/v1/tenants')).json().map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([t.main.tenant.id, tenant.id]));
    });

    it('an account without history: permissive is refused, and the refusal says why', async () => {
      const account = await createAccount({ name: 'Late' });
      const tenant = await createTenant(account.id, 'late.localhost:3000');
      const token = await tokenOf(tenant);
      const refused = await mgmt(tenant.domain, token, 'POST', '/api/v2/clients', {
        name: 'x',
        is_first_party: false,
        third_party_security_mode: 'permissive',
      });
      expectAuth0Error(refused, 403, 'operation_not_supported');
      expect(refused.json().message).toMatch(
        /before April 2026.*This account has no recorded history of third-party applications before April 2026, and none of its tenants/,
      );
      const strict = await mgmt(tenant.domain, token, 'POST', '/api/v2/clients', { name: 'x', is_first_party: false });
      expect(strict.json().third_party_security_mode).toBe('strict');
      const toggle = await t.inject({
        method: 'PATCH',
        url: '/ext/v1/migrations',
        host: tenant.domain,
        headers: { authorization: `Bearer ${token}` },
        payload: { create_permissive_third_party_clients_by_default: true },
      });
      expectAuth0Error(toggle, 400, 'invalid_body');
      expect(toggle.json().message).toMatch(/no recorded history/);
    });

    it("eligibility from a tenant's own pre-April third-party client names it, and outlives the client's tenant", async () => {
      const account = await createAccount({ name: 'Early' });
      const tenant = await createTenant(account.id, 'early.localhost:3000');
      t.clock.set(new Date('2026-03-01T00:00:00Z'));
      let clientId: string;
      try {
        const created = await mgmt(tenant.domain, await tokenOf(tenant), 'POST', '/api/v2/clients', { name: 'early partner', is_first_party: false });
        expect(created.statusCode).toBe(201);
        clientId = created.json().client_id;
      } finally {
        t.clock.set(NOW);
      }
      const explained = {
        eligible: true,
        source: 'pre_april_third_party_client',
        since: expect.stringMatching(/^2026-03-01T00:00:0/),
        client_id: clientId,
        explanation: expect.stringContaining(`third-party client ${clientId} of one of this account's tenants was created before April 2026`),
      };
      expect((await root('GET', `/ext/v1/accounts/${account.id}`)).json().eligibility).toEqual(explained);
      expect((await root('DELETE', `/ext/v1/tenants/${tenant.id}`)).statusCode).toBe(204);
      // "has or had" (SPEC §2): the account remembers the client after its tenant is gone.
      expect((await root('GET', `/ext/v1/accounts/${account.id}`)).json().eligibility).toEqual(explained);
    });

    it.each([
      ['a domain another tenant has', 'partner.localhost:3000', 409, 'conflict'],
      ["the default tenant's domain", 'localhost:3000', 409, 'conflict'],
      ['a domain that is not a host name', 'Not A Host', 400, 'invalid_body'],
      ['a domain with a path', 'x.localhost:3000/api', 400, 'invalid_body'],
    ])('refuses %s', async (_, domain, status, code) => {
      const account = (await root('GET', '/ext/v1/accounts')).json()[0];
      expectAuth0Error(await root('POST', '/ext/v1/tenants', { account_id: account.id, domain }), status, code);
    });

    it('refuses an unknown account (400) and answers 404 for an unknown tenant', async () => {
      const res = await root('POST', '/ext/v1/tenants', { account_id: 'acc_nope', domain: 'nope.localhost:3000' });
      expectAuth0Error(res, 400, 'invalid_body');
      expect(res.json().message).toMatch(/account_id/);
      expectAuth0Error(await root('GET', '/ext/v1/tenants/ten_nope'), 404, 'not_found');
      expectAuth0Error(await root('DELETE', '/ext/v1/tenants/ten_nope'), 404, 'not_found');
    });

    it('the default tenant cannot be deleted (409): it answers every other host', async () => {
      expectAuth0Error(await root('DELETE', `/ext/v1/tenants/${t.main.tenant.id}`), 409, 'conflict');
    });
  });

  describe('deletion', () => {
    /** Every table with a tenant_id column, on this dialect. */
    async function tenantTables(ds: DataSource): Promise<string[]> {
      if (testDatabase() === 'postgres') {
        const rows: { table_name: string }[] = await ds.query(
          `SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' AND table_schema = current_schema()`,
        );
        return rows.map((r) => r.table_name);
      }
      const tables: { name: string }[] = await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table'`);
      const out: string[] = [];
      for (const { name } of tables) {
        const columns: { name: string }[] = await ds.query(`PRAGMA table_info("${name}")`);
        if (columns.some((c) => c.name === 'tenant_id')) out.push(name);
      }
      return out;
    }
    async function rowsOf(tenantId: string): Promise<Record<string, number>> {
      const ds = t.app.get(DataSource);
      const out: Record<string, number> = {};
      const p = testDatabase() === 'postgres' ? '$1' : '?';
      for (const table of await tenantTables(ds)) {
        const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM "${table}" WHERE tenant_id = ${p}`, [tenantId]);
        if (Number(n) > 0) out[table] = Number(n);
      }
      return out;
    }

    it('deleting a tenant removes all its data (no orphan row in any table); its Host then routes to the default tenant', async () => {
      const account = await createAccount({ name: 'Short-lived' });
      const tenant = await createTenant(account.id, 'gone.localhost:3000');
      const token = await tokenOf(tenant);
      const api = await mgmt(tenant.domain, token, 'POST', '/api/v2/resource-servers', { identifier: 'urn:gone', name: 'gone', scopes: [{ value: 'read:x' }] });
      expect(api.statusCode).toBe(201);
      const app = await mgmt(tenant.domain, token, 'POST', '/api/v2/clients', {
        name: 'svc',
        app_type: 'non_interactive',
        grant_types: ['client_credentials'],
      });
      expect(
        (await mgmt(tenant.domain, token, 'POST', '/api/v2/client-grants', { client_id: app.json().client_id, audience: 'urn:gone', scope: ['read:x'] }))
          .statusCode,
      ).toBe(201);
      const user = await mgmt(tenant.domain, token, 'POST', '/api/v2/users', {
        connection: 'Username-Password-Authentication',
        email: 'pat@example.com',
        password: 'correct horse battery staple 1!',
      });
      expect(user.statusCode).toBe(201);
      expect((await mgmt(tenant.domain, token, 'POST', '/api/v2/rules', { name: 'r', script: 'function (u, c, cb) { cb(null, u, c); }' })).statusCode).toBe(
        201,
      );

      const before = await rowsOf(tenant.id);
      expect(Object.keys(before)).toEqual(
        expect.arrayContaining(['signing_keys', 'clients', 'resource_servers', 'client_grants', 'connections', 'users', 'rules', 'logs']),
      );
      const mainBefore = await rowsOf(t.main.tenant.id);

      expectAuth0Error(await root('DELETE', `/ext/v1/accounts/${account.id}`), 409, 'conflict');
      const deleted = await root('DELETE', `/ext/v1/tenants/${tenant.id}`);
      expect(deleted.statusCode).toBe(204);
      expect(await rowsOf(tenant.id)).toEqual({});
      expect(await rowsOf(t.main.tenant.id)).toEqual(mainBefore);
      expectAuth0Error(await root('GET', `/ext/v1/tenants/${tenant.id}`), 404, 'not_found');
      // Its Host now belongs to nobody: the default tenant answers, and the old token means nothing there.
      expect((await mgmt(tenant.domain, token, 'GET', '/api/v2/clients')).statusCode).toBe(401);

      // An account without tenants can go.
      expect((await root('DELETE', `/ext/v1/accounts/${account.id}`)).statusCode).toBe(204);
      expectAuth0Error(await root('GET', `/ext/v1/accounts/${account.id}`), 404, 'not_found');
      expectAuth0Error(await root('DELETE', `/ext/v1/accounts/${account.id}`), 404, 'not_found');
    });
  });
});

describe('control plane: not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
  });
  afterAll(() => t.close());

  it('without GATEHOUSE_ROOT_TOKEN every route answers 404, with or without a token', async () => {
    for (const [method, url] of [
      ['GET', '/ext/v1/accounts'],
      ['POST', '/ext/v1/accounts'],
      ['GET', '/ext/v1/tenants/ten_x'],
      ['DELETE', '/ext/v1/tenants/ten_x'],
    ] as const) {
      for (const headers of [{}, { authorization: `Bearer ${await t.token()}` }, { authorization: `Bearer ${ROOT}` }]) {
        const res = await t.inject({ method, url, headers, ...(method === 'POST' ? { payload: { name: 'x' } } : {}) });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' });
      }
    }
  });
});

describe('the default account of first start', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('takes its name and recorded history from the configuration (npm start can come up eligible), and follows it at later starts', async () => {
    t = await createTestApp({
      now: NOW,
      env: { GATEHOUSE_ROOT_TOKEN: ROOT, GATEHOUSE_DEFAULT_ACCOUNT_NAME: 'Acme Corp', GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: 'third_party_before:2026-02-01' },
    });
    const read = async () =>
      (await t.inject({ method: 'GET', url: `/ext/v1/accounts/${t.main.tenant.accountId}`, headers: { authorization: `Bearer ${ROOT}` } })).json();
    expect(await read()).toMatchObject({
      name: 'Acme Corp',
      history: { third_party_applications_before_april_2026: true, since: '2026-02-01T00:00:00.000Z' },
      eligibility: { eligible: true, source: 'recorded_history' },
    });
    const token = await t.token();
    const created = await t.inject({
      method: 'POST',
      url: '/api/v2/clients',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'x', is_first_party: false },
    });
    expect(created.json().third_party_security_mode).toBe('permissive');

    t = await t.restart({ now: NOW, env: { GATEHOUSE_ROOT_TOKEN: ROOT } });
    expect((await read()).eligibility.source).toBe('recorded_history');
    t = await t.restart({ now: NOW, env: { GATEHOUSE_ROOT_TOKEN: ROOT, GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: 'none' } });
    expect(await read()).toMatchObject({
      history: { third_party_applications_before_april_2026: false, since: null },
      eligibility: { eligible: false, source: 'none' },
    });
  });
});
