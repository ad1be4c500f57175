import { decodeJwt } from 'jose';
import { useTestApp } from '@gatehouse/testing';

/** /api/v2/resource-servers, /api/v2/client-grants, and tokens decided by resolveAccess (SPEC §5, §6). */
describe('APIs, client grants and the access decision', () => {
  const app = useTestApp();
  const { t } = app;

  const call = app.api();

  const API = 'https://api.example.com/';
  let apiId: string;

  it('creates an API with Auth0 defaults (201), refuses a duplicate identifier (409)', async () => {
    const res = await call('POST', '/api/v2/resource-servers', {
      name: 'Example',
      identifier: API,
      scopes: [{ value: 'read:a', description: 'Read A' }, { value: 'write:a' }],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    apiId = body.id;
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'Example',
      identifier: API,
      signing_alg: 'RS256',
      token_lifetime: 86400,
      token_lifetime_for_web: 7200,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
      subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' } },
    });
    // Auth0 sends is_system on system APIs only.
    expect(body).not.toHaveProperty('is_system');
    const dup = await call('POST', '/api/v2/resource-servers', { name: 'Again', identifier: API });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ statusCode: 409, errorCode: 'conflict' });
  });

  it('gets by id and by URL-encoded identifier; identifier is immutable; lists system APIs', async () => {
    expect((await call('GET', `/api/v2/resource-servers/${apiId}`)).json().identifier).toBe(API);
    expect((await call('GET', `/api/v2/resource-servers/${encodeURIComponent(API)}`)).json().id).toBe(apiId);
    const patched = await call('PATCH', `/api/v2/resource-servers/${apiId}`, {
      token_lifetime: 600,
      subject_type_authorization: { user: { policy: 'require_client_grant' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      token_lifetime: 600,
      subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'require_client_grant' } },
    });
    expect((await call('PATCH', `/api/v2/resource-servers/${apiId}`, { identifier: 'https://other/' })).statusCode).toBe(400);
    const systemIdentifiers = async () =>
      ((await call('GET', '/api/v2/resource-servers')).json() as { identifier: string; is_system: boolean }[])
        .filter((r) => r.is_system)
        .map((r) => r.identifier)
        .sort();
    // The My Account API is listed once activated (SPEC §5), by creating it.
    expect(await systemIdentifiers()).toEqual(['https://localhost:3000/api/v2/']);
    expect((await call('POST', '/api/v2/resource-servers', { identifier: 'https://localhost:3000/me/' })).statusCode).toBe(201);
    expect(await systemIdentifiers()).toEqual(['https://localhost:3000/api/v2/', 'https://localhost:3000/me/']);
    const filtered = (await call('GET', `/api/v2/resource-servers?identifiers=${encodeURIComponent(API)}&include_totals=true`)).json();
    expect(filtered).toMatchObject({ start: 0, limit: 50, total: 1 });
  });

  it('system APIs cannot be deleted and accept only limited updates', async () => {
    const mgmtApi = (await call('GET', `/api/v2/resource-servers/${encodeURIComponent('https://localhost:3000/api/v2/')}`)).json();
    expect((await call('DELETE', `/api/v2/resource-servers/${mgmtApi.id}`)).statusCode).toBe(403);
    expect((await call('PATCH', `/api/v2/resource-servers/${mgmtApi.id}`, { name: 'Mine' })).json().errorCode).toBe('operation_not_supported');
    expect((await call('PATCH', `/api/v2/resource-servers/${mgmtApi.id}`, { token_lifetime: 3600 })).statusCode).toBe(200);
  });

  it('client grants: create, rules, duplicates, patch, list with checkpoint pagination', async () => {
    const m2m = (await call('POST', '/api/v2/clients', { name: 'm2m', app_type: 'non_interactive', grant_types: ['client_credentials'] })).json();
    const tp = (await call('POST', '/api/v2/clients', { name: 'tp', is_first_party: false, app_type: 'regular_web' })).json();

    const g = await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: API, scope: ['read:a'] });
    expect(g.statusCode).toBe(201);
    expect(g.json()).toMatchObject({
      id: expect.stringMatching(/^cgr_[A-Za-z0-9]{16}$/),
      client_id: m2m.client_id,
      audience: API,
      scope: ['read:a'],
      subject_type: 'client',
    });

    const cases: [object, number, string][] = [
      [{ client_id: m2m.client_id, audience: API, scope: ['read:a'] }, 409, 'conflict'],
      [{ audience: API, scope: [] }, 400, 'invalid_body'],
      [{ client_id: m2m.client_id, default_for: 'third_party_clients', audience: API, scope: [] }, 400, 'invalid_body'],
      [{ client_id: 'nope', audience: API, scope: [] }, 404, 'inexistent_client'],
      [{ client_id: m2m.client_id, audience: 'https://nowhere/', scope: [] }, 404, 'inexistent_resource_server'],
      [{ client_id: tp.client_id, audience: 'https://localhost:3000/api/v2/', scope: [] }, 400, 'invalid_body'],
      [{ default_for: 'third_party_clients', audience: 'https://localhost:3000/me/', scope: [] }, 400, 'invalid_body'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await call('POST', '/api/v2/client-grants', payload);
      expect({ payload, status: res.statusCode, code: res.json().errorCode }).toEqual({ payload, status, code });
    }
    // Auth0 does not check grant scopes against the API's (SPEC §6); tokens carry only defined ones.
    const undefinedScope = await call('POST', '/api/v2/client-grants', {
      client_id: m2m.client_id,
      audience: API,
      scope: ['delete:everything'],
      subject_type: 'user',
    });
    expect(undefinedScope.statusCode).toBe(201);
    expect(undefinedScope.json()).toMatchObject({ scope: ['delete:everything'], subject_type: 'user' });
    await call('DELETE', `/api/v2/client-grants/${undefinedScope.json().id}`);
    const unknownAud = await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: 'https://nowhere/', scope: [] });
    expect(unknownAud.json().message).toBe('No resource with identifier https://nowhere/');

    const patched = await call('PATCH', `/api/v2/client-grants/${g.json().id}`, { scope: ['read:a', 'write:a'], allow_any_organization: true });
    expect(patched.json()).toMatchObject({ scope: ['read:a', 'write:a'], allow_any_organization: true });
    expect((await call('PATCH', `/api/v2/client-grants/${g.json().id}`, { audience: 'x' })).statusCode).toBe(400);

    const def = await call('POST', '/api/v2/client-grants', { default_for: 'third_party_clients', audience: API, scope: ['read:a'], subject_type: 'user' });
    expect(def.statusCode).toBe(201);
    expect(def.json()).toMatchObject({ default_for: 'third_party_clients', subject_type: 'user' });
    expect(def.json().client_id).toBeUndefined();

    const byAudience = (await call('GET', `/api/v2/client-grants?audience=${encodeURIComponent(API)}`)).json();
    expect(byAudience).toHaveLength(2);
    expect((await call('GET', '/api/v2/client-grants?default_for=third_party_clients')).json()).toHaveLength(1);
    expect((await call('GET', '/api/v2/client-grants?allow_any_organization=true')).json()).toHaveLength(1);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = (await call('GET', `/api/v2/client-grants?take=1${next ? `&from=${next}` : ''}`)).json();
      seen.push(...page.client_grants.map((x: { id: string }) => x.id));
      next = page.next;
    } while (next);
    expect(seen.length).toBe((await call('GET', '/api/v2/client-grants')).json().length);
    expect((await call('GET', '/api/v2/client-grants/cgr_nope')).json().errorCode).toBe('inexistent_client_grant');
    for (const q of ['subject_type=robot', 'client_id=a&client_id=b', 'default_for=everyone']) {
      const bad = await call('GET', `/api/v2/client-grants?${q}`);
      expect({ q, status: bad.statusCode, code: bad.json().errorCode }).toEqual({ q, status: 400, code: 'invalid_query_string' });
    }
  });

  it('tokens follow resolveAccess: aud, granted scopes, exp from the API, and refusals', async () => {
    const m2m = (await call('POST', '/api/v2/clients', { name: 'm2m-2', app_type: 'non_interactive', grant_types: ['client_credentials'] })).json();
    const grant = (await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: API, scope: ['read:a', 'write:a'] })).json();
    const ask = (clientId: string, secret: string, extra: object = {}) =>
      t.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, audience: API, ...extra },
      });

    const ok = await ask(m2m.client_id, m2m.client_secret, { scope: 'write:a other' });
    expect(ok.statusCode).toBe(200);
    const claims = decodeJwt(ok.json().access_token);
    expect(claims).toMatchObject({ aud: API, scope: 'write:a', azp: m2m.client_id });
    expect((claims.exp as number) - (claims.iat as number)).toBe(600); // token_lifetime patched above

    const denied = await ask(m2m.client_id, m2m.client_secret, { scope: 'other' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toBe('access_denied');

    const access = await call('GET', `/ext/v1/access?client_id=${m2m.client_id}&audience=${encodeURIComponent(API)}&subject_type=client&scope=read:a`);
    expect(access.json()).toEqual({
      allowed: true,
      scopes: ['read:a'],
      reason: 'granted_by_client_grant',
      explanation: expect.any(String),
      policy: 'require_client_grant',
      grant_id: grant.id,
    });

    await call('DELETE', `/api/v2/client-grants/${grant.id}`);
    const noGrant = await ask(m2m.client_id, m2m.client_secret);
    expect(noGrant.statusCode).toBe(403);
    expect(noGrant.json()).toMatchObject({ error: 'access_denied', error_description: expect.stringContaining('require_client_grant') });
    expect((await call('GET', `/ext/v1/access?client_id=${m2m.client_id}&audience=${encodeURIComponent(API)}`)).json()).toMatchObject({
      allowed: false,
      reason: 'no_client_grant',
    });

    const spa = (await call('POST', '/api/v2/clients', { name: 'spa', app_type: 'spa', grant_types: ['authorization_code'] })).json();
    expect((await ask(spa.client_id, spa.client_secret)).json().error).toBe('unauthorized_client');
    const unknownAudience = await ask(m2m.client_id, m2m.client_secret, { audience: 'https://nowhere/' });
    expect(unknownAudience.json()).toMatchObject({ error: 'access_denied', error_description: 'Service not found: https://nowhere/' });
  });

  it('deleting an API takes its grants with it', async () => {
    const api2 = (await call('POST', '/api/v2/resource-servers', { name: 'Temp', identifier: 'https://temp.example/', scopes: [{ value: 's' }] })).json();
    const c = (await call('POST', '/api/v2/clients', { name: 'c' })).json();
    const g = (await call('POST', '/api/v2/client-grants', { client_id: c.client_id, audience: api2.identifier, scope: ['s'] })).json();
    expect((await call('DELETE', `/api/v2/resource-servers/${api2.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v2/client-grants/${g.id}`)).statusCode).toBe(404);
    expect((await call('GET', `/api/v2/resource-servers/${api2.id}`)).json().errorCode).toBe('inexistent_resource_server');
  });
});
