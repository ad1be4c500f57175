import { MANAGEMENT_API_SCOPES } from '@gatehouse/policy';

import {
  GRANT,
  GRANTS,
  Json,
  byId,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  useContractApp,
} from './support/contract';

describe('responses match openapi.yaml', () => {
  const { t, api, tokenWith, newClient, newApi, newGrant, expectUnparseableBodies } = useContractApp();

  describe('POST /api/v2/client-grants', () => {
    const audience = 'https://contract.example/grants-create/';
    let m2m: Json;
    let partner: Json;
    beforeAll(async () => {
      await newApi({ identifier: audience, scopes: [{ value: 'read:g' }, { value: 'write:g' }] });
      m2m = await newClient({ name: 'grants: m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      partner = await newClient({ name: 'grants: partner', is_first_party: false, app_type: 'regular_web', callbacks: ['https://partner.example/cb'] });
    });

    it('201: a per-application grant, subject_type client by default', async () => {
      const body = { client_id: m2m.client_id, audience, scope: ['read:g'] };
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, res);
      expect(res.json()).toEqual({
        id: expect.stringMatching(/^cgr_[A-Za-z0-9]{16}$/),
        ...body,
        subject_type: 'client',
      });
      // Auth0 sends allow_any_organization only once set, and is_system only on its own grants.
      expect(res.json()).not.toHaveProperty('allow_any_organization');
      expect(res.json()).not.toHaveProperty('is_system');
    });

    it('201: a default permission for third-party applications, with every optional property', async () => {
      const body = {
        default_for: 'third_party_clients',
        audience,
        scope: ['read:g', 'write:g'],
        subject_type: 'user',
        organization_usage: 'allow',
        allow_any_organization: true,
        authorization_details_types: ['payment_initiation'],
        allow_all_scopes: false,
      };
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, res);
      expect(res.json()).toEqual({ id: expect.stringMatching(/^cgr_/), ...body });
      expect(res.json()).not.toHaveProperty('client_id');
    });

    it('201: a third-party application on a custom API, without scopes', async () => {
      const body = { client_id: partner.client_id, audience };
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, res);
      expect(res.json()).toMatchObject({ ...body, scope: [], subject_type: 'client' });
    });

    it.each([
      ['both client_id and default_for', () => ({ client_id: m2m.client_id, default_for: 'third_party_clients', audience })],
      ['neither client_id nor default_for', () => ({ audience, scope: ['read:g'] })],
      ['no audience', () => ({ client_id: m2m.client_id })],
      ['an unknown property', () => ({ client_id: m2m.client_id, audience, is_system: true })],
      ['an unknown default_for', () => ({ default_for: 'first_party_clients', audience })],
      ['an unknown subject_type', () => ({ client_id: m2m.client_id, audience, subject_type: 'robot' })],
      ['a scope that is not an array', () => ({ client_id: m2m.client_id, audience, scope: 'read:g' })],
      ['an unknown organization_usage', () => ({ client_id: m2m.client_id, audience, organization_usage: 'sometimes' })],
      ['allow_all_scopes that is not a boolean', () => ({ client_id: m2m.client_id, audience, allow_all_scopes: 'yes' })],
      ['an empty authorization_details_types entry', () => ({ client_id: m2m.client_id, audience, authorization_details_types: [''] })],
      ['an empty scope', () => ({ client_id: m2m.client_id, audience, scope: [''] })],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, make) => {
      const body = make();
      expectRequestRejectedByContract('POST', GRANTS, body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', GRANTS, res);
    });

    it('201: scopes the API does not define are accepted, as Auth0 does', async () => {
      const body = { client_id: m2m.client_id, audience, scope: ['read:g', 'admin:g'], subject_type: 'user' };
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, res);
      expect(res.json()).toEqual({ id: expect.stringMatching(/^cgr_/), ...body });
    });

    it.each([
      ['the Management API for a third-party application', () => ({ client_id: partner.client_id, audience: t.main.tenant.managementAudience }), 'audience'],
      ['the Management API as a default permission', () => ({ default_for: 'third_party_clients', audience: t.main.tenant.managementAudience }), 'audience'],
    ])('400 invalid_body naming the property for %s (a rule beyond the schema)', async (_, make, property) => {
      const body = make();
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('POST', GRANTS, res);
    });

    it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      await expectUnparseableBodies('POST', GRANTS, GRANTS, { malformed: '{"audience":', xml: '<audience/>' });
    });

    it('401 without a token, 403 without create:client_grants', async () => {
      const body = { client_id: m2m.client_id, audience, subject_type: 'user' };
      const anonymous = await api('POST', GRANTS, { bearer: null, payload: body });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('POST', GRANTS, anonymous);
      const narrow = await api('POST', GRANTS, { bearer: await tokenWith('read:client_grants update:client_grants'), payload: body });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: create:client_grants');
      expectMatchesContract('POST', GRANTS, narrow);
    });

    it('404 inexistent_resource_server for an unknown audience, inexistent_client for an unknown application', async () => {
      const noApi = await api('POST', GRANTS, { payload: { client_id: m2m.client_id, audience: 'urn:contract:nowhere' } });
      expect(noApi.statusCode).toBe(404);
      expect(noApi.json()).toMatchObject({ errorCode: 'inexistent_resource_server', message: 'No resource with identifier urn:contract:nowhere' });
      expectMatchesContract('POST', GRANTS, noApi);

      const noClient = await api('POST', GRANTS, { payload: { client_id: 'unknownclient0000000000000000000', audience } });
      expect(noClient.statusCode).toBe(404);
      expect(noClient.json().errorCode).toBe('inexistent_client');
      expectMatchesContract('POST', GRANTS, noClient);
    });

    it('409 conflict for a second grant of the same owner, API and subject type', async () => {
      const client = await newClient({ name: 'grants: twice', app_type: 'non_interactive' });
      await newGrant({ client_id: client.client_id, audience, scope: ['read:g'] });
      const res = await api('POST', GRANTS, { payload: { client_id: client.client_id, audience, scope: ['write:g'] } });
      expect(res.statusCode).toBe(409);
      expect(res.json().errorCode).toBe('conflict');
      expectMatchesContract('POST', GRANTS, res);
      // Another subject type is another grant.
      const user = await api('POST', GRANTS, { payload: { client_id: client.client_id, audience, subject_type: 'user' } });
      expect(user.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, user);
    });
  });

  describe('GET /api/v2/client-grants', () => {
    const audience = 'https://contract.example/grants-list/';
    let perApp: Json;
    let byDefault: Json;
    beforeAll(async () => {
      await newApi({ identifier: audience, scopes: [{ value: 'read:l' }] });
      const client = await newClient({ name: 'grants list: m2m', app_type: 'non_interactive' });
      perApp = await newGrant({ client_id: client.client_id, audience, scope: ['read:l'], allow_any_organization: true });
      byDefault = await newGrant({ default_for: 'third_party_clients', audience, scope: ['read:l'], subject_type: 'user' });
    });

    it('200: a bare array, the admin application’s grant on the Management API included', async () => {
      const res = await api('GET', `${GRANTS}?per_page=100`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANTS, res);
      const list = res.json() as Json[];
      expect(list).toEqual(expect.arrayContaining([perApp, byDefault]));
      const admin = list.find((g) => g.client_id === t.main.admin.clientId && g.audience === t.main.tenant.managementAudience);
      expect(admin).toMatchObject({ subject_type: 'client', scope: expect.arrayContaining([...MANAGEMENT_API_SCOPES]) });
    });

    it('200: include_totals=true answers exactly {start, limit, total, client_grants}; a page past the end is empty', async () => {
      const res = await api('GET', `${GRANTS}?include_totals=true&per_page=1`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANTS, res);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['client_grants', 'limit', 'start', 'total']);
      expect(body.client_grants).toHaveLength(1);
      expect(body.total).toBeGreaterThanOrEqual(3);

      const past = await api('GET', `${GRANTS}?include_totals=true&page=1000&per_page=100`);
      expect(past.statusCode).toBe(200);
      expect(past.json()).toEqual({ start: 100000, limit: 100, total: body.total, client_grants: [] });
      expectMatchesContract('GET', GRANTS, past);
    });

    it('200: checkpoint pages walk the list in order (include_totals ignored) and the last one has no next', async () => {
      const all = ((await api('GET', `${GRANTS}?per_page=100`)).json() as Json[]).map((g) => g.id);
      const seen: string[] = [];
      let url = `${GRANTS}?take=2&include_totals=true`;
      for (let i = 0; i < 60; i++) {
        const res = await api('GET', url);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', GRANTS, res);
        const body = res.json();
        expect(body).not.toHaveProperty('total');
        seen.push(...body.client_grants.map((g: Json) => g.id));
        if (!body.next) break;
        url = `${GRANTS}?take=2&include_totals=true&from=${encodeURIComponent(body.next)}`;
      }
      expect(seen).toEqual(all);
    });

    it("200: terraform's include_totals=true&per_page=50&take=100 is a checkpoint page: checkpoint wins", async () => {
      const res = await api('GET', `${GRANTS}?include_totals=true&per_page=50&take=100&audience=${encodeURIComponent(audience)}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANTS, res);
      expect(Object.keys(res.json())).toEqual(['client_grants']);
      expect(byId(res.json().client_grants)).toEqual(byId([perApp, byDefault]));
    });

    it.each([
      ['audience', () => `audience=${encodeURIComponent(audience)}`, () => [perApp, byDefault]],
      ['client_id', () => `client_id=${perApp.client_id}`, () => [perApp]],
      ['subject_type', () => `audience=${encodeURIComponent(audience)}&subject_type=user`, () => [byDefault]],
      ['default_for', () => `audience=${encodeURIComponent(audience)}&default_for=third_party_clients`, () => [byDefault]],
      ['allow_any_organization=true', () => `audience=${encodeURIComponent(audience)}&allow_any_organization=true`, () => [perApp]],
      ['allow_any_organization=false', () => `audience=${encodeURIComponent(audience)}&allow_any_organization=false`, () => [byDefault]],
      ['an audience no grant has', () => `audience=${encodeURIComponent('urn:contract:nobody-granted')}`, () => []],
    ])('200: filter on %s', async (_, query, expected) => {
      const res = await api('GET', `${GRANTS}?${query()}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANTS, res);
      expect(byId(res.json())).toEqual(byId(expected()));
    });

    it.each([
      'bogus=1',
      'fields=id',
      'per_page=0',
      'per_page=101',
      'take=101',
      'from=not-a-checkpoint',
      'from=abc&per_page=2',
      'include_totals=maybe',
      'allow_any_organization=maybe',
      'subject_type=robot',
      'default_for=everyone',
      'client_id=a&client_id=b',
    ])('400 invalid_query_string for ?%s', async (query) => {
      const res = await api('GET', `${GRANTS}?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', GRANTS, res);
    });

    it('401 without a token, 403 without read:client_grants', async () => {
      const anonymous = await api('GET', GRANTS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', GRANTS, anonymous);
      const narrow = await api('GET', GRANTS, { bearer: await tokenWith('read:clients read:resource_servers') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:client_grants');
      expectMatchesContract('GET', GRANTS, narrow);
    });
  });

  describe('/api/v2/client-grants/{id}', () => {
    const audience = 'https://contract.example/grants-item/';
    beforeAll(async () => {
      await newApi({ identifier: audience, scopes: [{ value: 'read:i' }, { value: 'write:i' }] });
    });
    /** A grant on the API for a new application of its own. */
    const grantFor = async (subject_type: string) => {
      const client = await newClient({ name: 'grant item: m2m', app_type: 'non_interactive' });
      return newGrant({ client_id: client.client_id, audience, scope: ['read:i'], subject_type });
    };

    it('GET 200 the grant; 404 for an unknown id; 401; 403', async () => {
      const grant = await grantFor('client');
      const res = await api('GET', `${GRANTS}/${grant.id}?ignored=yes`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANT, res);
      expect(res.json()).toEqual(grant);

      const missing = await api('GET', `${GRANTS}/cgr_0000000000000000`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().errorCode).toBe('inexistent_client_grant');
      expectMatchesContract('GET', GRANT, missing);

      const anonymous = await api('GET', `${GRANTS}/${grant.id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', GRANT, anonymous);
      const narrow = await api('GET', `${GRANTS}/${grant.id}`, { bearer: await tokenWith('update:client_grants') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:client_grants');
      expectMatchesContract('GET', GRANT, narrow);
    });

    describe('PATCH', () => {
      let grant: Json;
      beforeAll(async () => {
        grant = await grantFor('user');
      });

      it('200: scope, organization_usage and allow_any_organization change; an empty body changes nothing', async () => {
        const body = { scope: ['read:i', 'write:i'], organization_usage: 'require', allow_any_organization: true };
        expectRequestMatchesContract('PATCH', GRANT, 'application/json', body);
        const res = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: body });
        expect(res.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, res);
        expect(res.json()).toEqual({ ...grant, ...body });

        const noop = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: {} });
        expect(noop.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, noop);
        expect(noop.json()).toEqual(res.json());
        expect((await api('GET', `${GRANTS}/${grant.id}`)).json()).toEqual(res.json());
      });

      it.each([
        ['the audience', { audience: 'https://contract.example/elsewhere/' }],
        ['the client_id', { client_id: 'another' }],
        ['the subject_type', { subject_type: 'client' }],
        ['default_for', { default_for: 'third_party_clients' }],
        ['an unknown property', { bogus: 1 }],
        ['a scope that is not an array', { scope: 'read:i' }],
        ['an unknown organization_usage', { organization_usage: 'sometimes' }],
      ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
        expectRequestRejectedByContract('PATCH', GRANT, body);
        const res = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json().errorCode).toBe('invalid_body');
        expectMatchesContract('PATCH', GRANT, res);
      });

      it('200: a scope the API does not define is accepted, as Auth0 does', async () => {
        const body = { scope: ['delete:i'] };
        expectRequestMatchesContract('PATCH', GRANT, 'application/json', body);
        const res = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: body });
        expect(res.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, res);
        expect(res.json().scope).toEqual(['delete:i']);
      });

      it('200: new properties are set, and null clears (scope to none, the others omitted)', async () => {
        const set = { authorization_details_types: ['payment_initiation'], allow_all_scopes: true, organization_usage: 'allow', allow_any_organization: true };
        expectRequestMatchesContract('PATCH', GRANT, 'application/json', set);
        const withAll = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: set });
        expect(withAll.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, withAll);
        expect(withAll.json()).toMatchObject(set);

        const clear = { scope: null, organization_usage: null, allow_any_organization: null, allow_all_scopes: null };
        expectRequestMatchesContract('PATCH', GRANT, 'application/json', clear);
        const cleared = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: clear });
        expect(cleared.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, cleared);
        expect(cleared.json()).toEqual({
          id: grant.id,
          client_id: grant.client_id,
          audience: grant.audience,
          scope: [],
          subject_type: grant.subject_type,
          authorization_details_types: ['payment_initiation'],
        });
        expect((await api('GET', `${GRANTS}/${grant.id}`)).json()).toEqual(cleared.json());
      });

      it('400 invalid_body naming authorization_details_types for a null Auth0 refuses', async () => {
        const body = { authorization_details_types: null };
        expectRequestRejectedByContract('PATCH', GRANT, body);
        const res = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining('on property authorization_details_types') });
        expectMatchesContract('PATCH', GRANT, res);
      });

      it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
        await expectUnparseableBodies('PATCH', GRANT, `${GRANTS}/${grant.id}`, { malformed: '{"scope":', xml: '<scope/>' });
      });

      it('401 without a token, 403 without update:client_grants, 404 for an unknown id', async () => {
        const anonymous = await api('PATCH', `${GRANTS}/${grant.id}`, { bearer: null, payload: { scope: [] } });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('PATCH', GRANT, anonymous);
        const narrow = await api('PATCH', `${GRANTS}/${grant.id}`, {
          bearer: await tokenWith('read:client_grants create:client_grants'),
          payload: { scope: [] },
        });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:client_grants');
        expectMatchesContract('PATCH', GRANT, narrow);
        const missing = await api('PATCH', `${GRANTS}/cgr_0000000000000000`, { payload: { scope: [] } });
        expect(missing.statusCode).toBe(404);
        expect(missing.json().errorCode).toBe('inexistent_client_grant');
        expectMatchesContract('PATCH', GRANT, missing);
      });
    });

    describe('DELETE', () => {
      it('204 without a body; then GET and DELETE are 404', async () => {
        const grant = await newGrant({ default_for: 'third_party_clients', audience, scope: ['read:i'] });
        const res = await api('DELETE', `${GRANTS}/${grant.id}`);
        expect(res.statusCode).toBe(204);
        expect(res.body).toBe('');
        expectMatchesContract('DELETE', GRANT, res);
        const get = await api('GET', `${GRANTS}/${grant.id}`);
        expect(get.statusCode).toBe(404);
        expectMatchesContract('GET', GRANT, get);
        const again = await api('DELETE', `${GRANTS}/${grant.id}`);
        expect(again.statusCode).toBe(404);
        expect(again.json().errorCode).toBe('inexistent_client_grant');
        expectMatchesContract('DELETE', GRANT, again);
      });

      it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
        const url = `${GRANTS}/cgr_0000000000000000`;
        await expectUnparseableBodies('DELETE', GRANT, url, { malformed: '{not json', xml: '<x/>' });
      });

      it('401 without a token, 403 without delete:client_grants', async () => {
        const grant = await grantFor('client');
        const anonymous = await api('DELETE', `${GRANTS}/${grant.id}`, { bearer: null });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('DELETE', GRANT, anonymous);
        const narrow = await api('DELETE', `${GRANTS}/${grant.id}`, { bearer: await tokenWith('read:client_grants update:client_grants') });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: delete:client_grants');
        expectMatchesContract('DELETE', GRANT, narrow);
        expect((await api('GET', `${GRANTS}/${grant.id}`)).statusCode).toBe(200);
      });
    });
  });
});

describeCoverage('client-grants');
