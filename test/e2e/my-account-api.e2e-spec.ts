import { DataSource } from 'typeorm';
import { ResourceServerRow, ResourceServerSchema } from '@gatehouse/schemas';
import { newId } from '@gatehouse/persistence';
import { TenantHandle, useTestApp } from '@gatehouse/testing';

/**
 * SPEC §5: "Auth0 My Account API" exists only once activated. A new tenant lists only the Management
 * API; creating a resource server with `https://{domain}/me/` activates the My Account API as a system
 * API, which from then on cannot be deleted, accepts only the limited updates, and is never granted
 * to third-party clients. Databases seeded before this rule lose the unused copy (a migration).
 */
describe('the My Account API exists once activated', () => {
  const app = useTestApp();
  const { t } = app;
  let other: TenantHandle;
  beforeAll(async () => {
    other = await t.createTenant('other.localhost:3000');
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, host?: string, bearer = app.token) =>
    t.inject({ method, url, host, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
  const ME = 'https://localhost:3000/me/';
  const systemApisOf = async (host?: string, bearer?: string) =>
    ((await call('GET', '/api/v2/resource-servers', undefined, host, bearer)).json() as { identifier: string; is_system?: boolean }[])
      .filter((a) => a.is_system)
      .map((a) => a.identifier);

  it('a new tenant lists the Management API as its only system API', async () => {
    expect(await systemApisOf()).toEqual(['https://localhost:3000/api/v2/']);
    expect(await systemApisOf(other.host, await t.token(other))).toEqual(['https://other.localhost:3000/api/v2/']);
    expect((await call('GET', `/api/v2/resource-servers/${encodeURIComponent(ME)}`)).statusCode).toBe(404);
  });

  it('refuses an activation that sets what a system API does not let an admin set (nothing is created)', async () => {
    for (const extra of [{ scopes: [{ value: 'read:x' }] }, { signing_alg: 'HS256' }, { subject_type_authorization: { user: { policy: 'allow_all' } } }]) {
      const res = await call('POST', '/api/v2/resource-servers', { identifier: ME, ...extra });
      expect({ extra, status: res.statusCode, code: res.json().errorCode }).toEqual({ extra, status: 403, code: 'operation_not_supported' });
      expect(res.json().message).toContain(Object.keys(extra)[0]);
    }
    expect(await systemApisOf()).toEqual(['https://localhost:3000/api/v2/']);
  });

  it('creating https://{domain}/me/ activates it as a system API', async () => {
    const res = await call('POST', '/api/v2/resource-servers', { identifier: ME, name: 'Whatever I call it', token_lifetime: 900 });
    expect(res.statusCode).toBe(201);
    const api = res.json();
    expect(api).toEqual({
      id: expect.any(String),
      name: 'Auth0 My Account API',
      identifier: ME,
      is_system: true,
      signing_alg: 'RS256',
      token_lifetime: 900,
      token_lifetime_for_web: 7200,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
      scopes: expect.arrayContaining([expect.objectContaining({ value: 'read:me:authentication_methods' })]),
      subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } },
    });
    expect((await call('GET', `/api/v2/resource-servers/${encodeURIComponent(ME)}`)).json()).toEqual(api);
    expect((await systemApisOf()).sort()).toEqual(['https://localhost:3000/api/v2/', ME]);
    // Once: a second activation is a duplicate identifier.
    expect((await call('POST', '/api/v2/resource-servers', { identifier: ME })).statusCode).toBe(409);
    // Only this tenant's: another tenant's own /me/ is still unactivated.
    expect(await systemApisOf(other.host, await t.token(other))).toEqual(['https://other.localhost:3000/api/v2/']);
  });

  it('from then on it is a system API: not deleted, limited updates, never granted to third-party clients', async () => {
    const api = (await call('GET', `/api/v2/resource-servers/${encodeURIComponent(ME)}`)).json();
    expect((await call('DELETE', `/api/v2/resource-servers/${api.id}`)).json()).toMatchObject({ statusCode: 403, errorCode: 'operation_not_supported' });
    expect((await call('PATCH', `/api/v2/resource-servers/${api.id}`, { name: 'Mine' })).json().errorCode).toBe('operation_not_supported');
    expect((await call('PATCH', `/api/v2/resource-servers/${api.id}`, { scopes: [] })).json().errorCode).toBe('operation_not_supported');
    const patched = await call('PATCH', `/api/v2/resource-servers/${api.id}`, { skip_consent_for_verifiable_first_party_clients: true });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ skip_consent_for_verifiable_first_party_clients: true, is_system: true });

    const tp = (await call('POST', '/api/v2/clients', { name: 'third party', is_first_party: false, app_type: 'regular_web' })).json();
    const fp = (await call('POST', '/api/v2/clients', { name: 'first party', app_type: 'regular_web' })).json();
    for (const payload of [
      { client_id: tp.client_id, audience: ME, scope: [], subject_type: 'user' },
      { default_for: 'third_party_clients', audience: ME, scope: [], subject_type: 'user' },
    ]) {
      const res = await call('POST', '/api/v2/client-grants', payload);
      expect({ payload, status: res.statusCode, code: res.json().errorCode }).toEqual({ payload, status: 400, code: 'invalid_body' });
    }
    const granted = await call('POST', '/api/v2/client-grants', { client_id: fp.client_id, audience: ME, scope: ['read:me:factors'], subject_type: 'user' });
    expect(granted.statusCode).toBe(201);
    // Still there after the grant's client asked for its deletion (as deploy-cli would).
    expect((await call('DELETE', `/api/v2/resource-servers/${encodeURIComponent(ME)}`)).statusCode).toBe(403);
    expect((await systemApisOf()).sort()).toEqual(['https://localhost:3000/api/v2/', ME]);
  });

  it('a database seeded before: the unused seeded copy is removed, one a grant refers to is kept as activated', async () => {
    // As every tenant used to be created: "Auth0 My Account API" seeded as a system API.
    const seededLikeBefore = async (tenantId: string, domain: string) => {
      await t.app
        .get(DataSource)
        .getRepository(ResourceServerSchema)
        .insert(<ResourceServerRow>{
          id: newId.resourceServer(),
          tenant_id: tenantId,
          identifier: `https://${domain}/me/`,
          name: 'Auth0 My Account API',
          is_system: true,
          body: {
            signing_alg: 'RS256',
            token_lifetime: 600,
            scopes: [{ value: 'read:me:factors', description: 'Read my factors' }],
            subject_type_authorization: { user: { policy: 'deny_all' }, client: { policy: 'require_client_grant' } },
          },
          created_at: new Date().toISOString(),
        });
    };
    const third = await t.createTenant('third.localhost:3000');
    const thirdToken = await t.token(third);
    await seededLikeBefore(other.tenant.id, other.host); // unused: goes
    await seededLikeBefore(third.tenant.id, third.host); // granted: stays
    const thirdMe = `https://${third.host}/me/`;
    const grant = await call(
      'POST',
      '/api/v2/client-grants',
      { client_id: third.admin.clientId, audience: thirdMe, scope: ['read:me:factors'], subject_type: 'user' },
      third.host,
      thirdToken,
    );
    expect(grant.statusCode).toBe(201);
    expect((await systemApisOf(other.host, await t.token(other))).sort()).toEqual(['https://other.localhost:3000/api/v2/', 'https://other.localhost:3000/me/']);

    // The migration runs again on the next start, as it would on the first start of this version.
    await t.app.get(DataSource).query("DELETE FROM migrations WHERE name = 'MyAccountApiOnActivation1763900000003'");
    await t.restart();

    expect(await systemApisOf(other.host, await t.token(other))).toEqual(['https://other.localhost:3000/api/v2/']);
    const kept = await call('GET', `/api/v2/resource-servers/${encodeURIComponent(thirdMe)}`, undefined, third.host, await t.token(third));
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({
      name: 'Auth0 My Account API',
      is_system: true,
      subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } },
    });
    // The default tenant's activated API (a grant refers to it) is untouched.
    expect((await systemApisOf()).sort()).toEqual(['https://localhost:3000/api/v2/', ME]);
  });
});
