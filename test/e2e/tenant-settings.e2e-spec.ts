import { createTestApp, TestApp } from '@gatehouse/testing';

describe('/api/v2/tenants/settings', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.token();
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'PATCH', payload?: object, bearer = token) =>
    t.inject({ method, url: '/api/v2/tenants/settings', headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });

  it('GET returns Auth0 shape with the seeds’ settings (ineligible account, after the flip)', async () => {
    const res = await call('GET');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      friendly_name: 'localhost',
      session_lifetime: 168,
      idle_session_lifetime: 72,
      flags: { enable_dynamic_client_registration: false, create_permissive_third_party_clients_by_default: false },
      dynamic_client_registration_security_mode: 'strict',
    });
  });

  it('PATCH updates, accepts *_in_minutes, and refuses unknown properties', async () => {
    const res = await call('PATCH', { friendly_name: 'Acme', session_lifetime_in_minutes: 90, flags: { enable_dynamic_client_registration: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ friendly_name: 'Acme', session_lifetime: 1.5, flags: { enable_dynamic_client_registration: true } });
    expect((await call('GET')).json()).toMatchObject({ friendly_name: 'Acme', session_lifetime: 1.5 });
    const unknown = await call('PATCH', { bogus: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining('bogus') });
    const unknownFlag = await call('PATCH', { flags: { not_a_flag: true } });
    expect(unknownFlag.statusCode).toBe(400);
  });

  it('refuses permissive DCR mode and the permissive-by-default toggle for an ineligible account', async () => {
    const a = await call('PATCH', { dynamic_client_registration_security_mode: 'permissive' });
    expect(a.statusCode).toBe(400);
    expect(a.json().message).toContain('dynamic_client_registration_security_mode');
    const b = await call('PATCH', { flags: { create_permissive_third_party_clients_by_default: true } });
    expect(b.statusCode).toBe(400);
    expect((await call('PATCH', { dynamic_client_registration_security_mode: 'strict' })).statusCode).toBe(200);
  });

  it('needs the tenant settings scopes', async () => {
    const narrow = await t.token(t.main, 'read:clients');
    const res = await call('GET', undefined, narrow);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('Insufficient scope, expected any of: read:tenant_settings');
  });
});
