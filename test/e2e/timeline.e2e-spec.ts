import { createTestApp, TenantHandle, TestApp } from '@gatehouse/testing';

/**
 * The timeline on one database (SPEC §2, §4.1, §7; issue 3 §5): restart with GATEHOUSE_NOW before
 * April 2026, between April and the October 23 flip, and after it. Tenant A's account becomes
 * eligible by creating a third-party client before April; tenant B is in another account that never
 * had one.
 */
describe('third_party_security_mode across the timeline', () => {
  let t: TestApp;
  let a: TenantHandle;
  let b: TenantHandle;
  /** Another account whose only pre-April third-party client came from Dynamic Client Registration. */
  let c: TenantHandle;
  afterAll(() => t.close());

  async function create(tenant: TenantHandle, extra: Record<string, unknown> = {}) {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v2/clients',
      host: tenant.host,
      headers: { authorization: `Bearer ${await t.token(tenant)}` },
      payload: { name: 'tp', is_first_party: false, ...extra },
    });
    return res;
  }
  const modeOf = async (tenant: TenantHandle, extra: Record<string, unknown> = {}) => {
    const res = await create(tenant, extra);
    return res.statusCode === 201 ? res.json().third_party_security_mode : `${res.statusCode} ${res.json().errorCode}`;
  };
  async function settings(tenant: TenantHandle, patch?: object) {
    const res = await t.inject({
      method: patch ? 'PATCH' : 'GET',
      url: '/api/v2/tenants/settings',
      host: tenant.host,
      headers: { authorization: `Bearer ${await t.token(tenant)}` },
      ...(patch ? { payload: patch } : {}),
    });
    return res;
  }
  /** The migration toggle lives at /ext/v1/migrations (SPEC §7, §9), never among the tenant's flags. */
  async function migrations(tenant: TenantHandle, patch?: object) {
    return t.inject({
      method: patch ? 'PATCH' : 'GET',
      url: '/ext/v1/migrations',
      host: tenant.host,
      headers: { authorization: `Bearer ${await t.token(tenant)}` },
      ...(patch ? { payload: patch } : {}),
    });
  }
  const toggle = async (tenant: TenantHandle) => {
    expect((await settings(tenant)).json().flags).not.toHaveProperty('create_permissive_third_party_clients_by_default');
    return (await migrations(tenant)).json().create_permissive_third_party_clients_by_default;
  };
  const setToggle = async (tenant: TenantHandle, value: boolean) =>
    (await migrations(tenant, { create_permissive_third_party_clients_by_default: value })).statusCode;
  /** The mode a registration through /oidc/register gets on `tenant` (DCR enabled first). */
  async function dcrModeOf(tenant: TenantHandle) {
    expect((await settings(tenant, { flags: { enable_dynamic_client_registration: true } })).statusCode).toBe(200);
    const res = await t.inject({
      method: 'POST',
      url: '/oidc/register',
      host: tenant.host,
      payload: { client_name: 'agent', redirect_uris: ['https://agent.example/cb'] },
    });
    expect(res.statusCode).toBe(201);
    const read = await t.inject({
      method: 'GET',
      url: `/api/v2/clients/${res.json().client_id}`,
      host: tenant.host,
      headers: { authorization: `Bearer ${await t.token(tenant)}` },
    });
    return read.json().third_party_security_mode;
  }

  it('before April 2026: every new third-party client is permissive (pre-existing behaviour)', async () => {
    t = await createTestApp({ now: new Date('2026-03-01T00:00:00Z') });
    a = t.main;
    b = await t.createTenant('acme.localhost:3000');
    const preExisting = await create(a);
    expect(preExisting.statusCode).toBe(201);
    expect(preExisting.json().client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(preExisting.json().third_party_security_mode).toBe('permissive');
    expect(await modeOf(a, { third_party_security_mode: 'strict' })).toBe('strict');
    // B creates no third-party client before April: its account stays ineligible.
  });

  it('before April 2026: a client registered through /oidc/register is pre-existing too (permissive, standard id) and makes its account eligible', async () => {
    c = await t.createTenant('dcr.localhost:3000');
    const enable = await settings(c, { flags: { enable_dynamic_client_registration: true } });
    expect(enable.statusCode).toBe(200);
    const res = await t.inject({
      method: 'POST',
      url: '/oidc/register',
      host: c.host,
      payload: { client_name: 'early agent', redirect_uris: ['https://agent.example/cb'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    const read = await t.inject({
      method: 'GET',
      url: `/api/v2/clients/${res.json().client_id}`,
      host: c.host,
      headers: { authorization: `Bearer ${await t.token(c)}` },
    });
    expect(read.json()).toMatchObject({ is_first_party: false, third_party_security_mode: 'permissive', external_metadata_type: 'dcr' });
  });

  it('between April and the flip: the toggle decides for eligible accounts; ineligible ones are strict', async () => {
    t = await t.restart({ now: new Date('2026-06-01T00:00:00Z') });
    expect(await toggle(a)).toBe(true);
    expect(await modeOf(a)).toBe('permissive');
    expect(await setToggle(a, false)).toBe(200);
    expect(await toggle(a)).toBe(false);
    expect(await modeOf(a)).toBe('strict');
    expect(await modeOf(a, { third_party_security_mode: 'permissive' })).toBe('permissive');
    expect(await setToggle(a, true)).toBe(200);
    expect(await modeOf(a)).toBe('permissive');

    expect(await toggle(b)).toBe(false);
    expect(await modeOf(b)).toBe('strict');
    expect(await modeOf(b, { third_party_security_mode: 'permissive' })).toBe('403 operation_not_supported');
    expect(await setToggle(b, true)).toBe(400);

    // The March registration made C's account eligible: C gets the eligible defaults.
    expect(await toggle(c)).toBe(true);
    expect(await modeOf(c)).toBe('permissive');
    // An unset DCR mode is not reported (as Auth0 answers); it takes effect as the account allows.
    expect((await settings(b)).json()).not.toHaveProperty('dynamic_client_registration_security_mode');
    expect(await dcrModeOf(b)).toBe('strict');
    expect(await dcrModeOf(a)).toBe('permissive');
  });

  it('after the flip: strict by default, the toggle reads false and cannot be turned on, explicit permissive still works for eligible accounts', async () => {
    t = await t.restart({ now: new Date('2026-11-01T00:00:00Z') });
    expect(await toggle(a)).toBe(false);
    expect(await modeOf(a)).toBe('strict');
    expect(await setToggle(a, true)).toBe(400);
    expect(await modeOf(a, { third_party_security_mode: 'permissive' })).toBe('permissive');
    expect(await modeOf(b)).toBe('strict');
    expect(await modeOf(b, { third_party_security_mode: 'permissive' })).toBe('403 operation_not_supported');

    // The realm variant of the password grant is a password grant: refused for permissive clients like
    // `password`, in Auth0's error shape and naming the property; first-party clients may have it.
    for (const grant of ['password', 'http://auth0.com/oauth/grant-type/password-realm']) {
      const refused = await create(a, { third_party_security_mode: 'permissive', grant_types: ['authorization_code', grant] });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_body',
        message: expect.stringContaining(`grant type "${grant}" is not allowed for third_party_security_mode "permissive"`),
      });
      expect(refused.json().message).toContain('on property grant_types');
      expect((await create(a, { is_first_party: true, grant_types: [grant] })).statusCode).toBe(201);
    }

    // The client created in March still reads permissive.
    const list = await t.inject({
      method: 'GET',
      url: '/api/v2/clients?is_first_party=false&per_page=1',
      host: a.host,
      headers: { authorization: `Bearer ${await t.token(a)}` },
    });
    expect(list.json()[0]).toMatchObject({ third_party_security_mode: 'permissive' });
  });
});
