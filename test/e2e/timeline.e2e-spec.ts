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
  const toggle = async (tenant: TenantHandle) => (await settings(tenant)).json().flags.create_permissive_third_party_clients_by_default;
  const setToggle = async (tenant: TenantHandle, value: boolean) =>
    (await settings(tenant, { flags: { create_permissive_third_party_clients_by_default: value } })).statusCode;

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
    expect((await settings(b)).json().dynamic_client_registration_security_mode).toBe('strict');
    expect((await settings(a)).json().dynamic_client_registration_security_mode).toBe('permissive');
  });

  it('after the flip: strict by default, the toggle reads false and cannot be turned on, explicit permissive still works for eligible accounts', async () => {
    t = await t.restart({ now: new Date('2026-11-01T00:00:00Z') });
    expect(await toggle(a)).toBe(false);
    expect(await modeOf(a)).toBe('strict');
    expect(await setToggle(a, true)).toBe(400);
    expect(await modeOf(a, { third_party_security_mode: 'permissive' })).toBe('permissive');
    expect(await modeOf(b)).toBe('strict');
    expect(await modeOf(b, { third_party_security_mode: 'permissive' })).toBe('403 operation_not_supported');

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
