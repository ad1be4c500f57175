import {
  ACCESS,
  HUGE,
  Json,
  LINT,
  MIGRATIONS,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  jsonHeaders,
  useContractApp,
  xmlHeaders,
} from './support/contract';

/** The extension routes: /ext/v1/lint/client, /ext/v1/access and /ext/v1/migrations. */

describe('responses match openapi.yaml', () => {
  const { t, api, tokenWith, newClient, newApi, newGrant, expectUnparseableBodies } = useContractApp();

  describe('/ext/v1/migrations', () => {
    const on = { create_permissive_third_party_clients_by_default: true };
    const off = { create_permissive_third_party_clients_by_default: false };

    it('GET 200: the toggle as it takes effect (false: an ineligible account, after the flip)', async () => {
      const res = await api('GET', MIGRATIONS);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(off);
      expectMatchesContract('GET', MIGRATIONS, res);
    });

    it('GET 401 without a token, 403 without read:tenant_settings', async () => {
      const anonymous = await api('GET', MIGRATIONS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', MIGRATIONS, anonymous);
      const narrow = await api('GET', MIGRATIONS, { bearer: await tokenWith('update:tenant_settings') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:tenant_settings');
      expectMatchesContract('GET', MIGRATIONS, narrow);
    });

    it('PATCH 200: turning it off is always accepted', async () => {
      expectRequestMatchesContract('PATCH', MIGRATIONS, 'application/json', off);
      const res = await api('PATCH', MIGRATIONS, { payload: off });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(off);
      expectMatchesContract('PATCH', MIGRATIONS, res);
    });

    it('PATCH 400 invalid_body naming the toggle when it cannot be turned on (ineligible account, after the flip)', async () => {
      expectRequestMatchesContract('PATCH', MIGRATIONS, 'application/json', on);
      const res = await api('PATCH', MIGRATIONS, { payload: on });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        errorCode: 'invalid_body',
        message: expect.stringContaining('on property create_permissive_third_party_clients_by_default'),
      });
      expectMatchesContract('PATCH', MIGRATIONS, res);
    });

    it.each([
      ['an empty body', {}],
      ['an unknown property', { ...off, bogus: 1 }],
      ['a value that is not a boolean', { create_permissive_third_party_clients_by_default: 'no' }],
    ])('PATCH 400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('PATCH', MIGRATIONS, body);
      const res = await api('PATCH', MIGRATIONS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PATCH', MIGRATIONS, res);
    });

    it('PATCH 413 over 1 MiB, 415 for an unparseable type', async () => {
      const big = await api('PATCH', MIGRATIONS, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('PATCH', MIGRATIONS, big);
      const xml = await api('PATCH', MIGRATIONS, { headers: xmlHeaders, payload: '<off/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('PATCH', MIGRATIONS, xml);
    });

    it('PATCH 401 without a token, 403 without update:tenant_settings', async () => {
      const anonymous = await api('PATCH', MIGRATIONS, { bearer: null, payload: off });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('PATCH', MIGRATIONS, anonymous);
      const narrow = await api('PATCH', MIGRATIONS, { bearer: await tokenWith('read:tenant_settings'), payload: off });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:tenant_settings');
      expectMatchesContract('PATCH', MIGRATIONS, narrow);
    });
  });

  describe('POST /ext/v1/lint/client', () => {
    it.each([
      ['a valid strict payload', { mode: 'strict', client: { name: 'z', app_type: 'spa', callbacks: ['https://z.example/cb'] } }, []],
      [
        'a strict payload breaking several rules',
        { mode: 'strict', client: { name: 'z', sso: true, grant_types: ['implicit'], callbacks: ['https://*.z.example/cb'] } },
        ['sso', 'grant_types', 'callbacks'],
      ],
      ['a permissive payload asking for the password grant', { mode: 'permissive', client: { name: 'z', grant_types: ['password'] } }, ['grant_types']],
      [
        'a first-party payload naming a mode',
        { mode: 'first_party', client: { name: 'z', third_party_security_mode: 'strict' } },
        ['third_party_security_mode'],
      ],
      ['a valid first-party payload', { mode: 'first_party', client: { name: 'z', grant_types: ['client_credentials'] } }, []],
    ])('200 for %s', async (_, body, properties) => {
      expectRequestMatchesContract('POST', LINT, 'application/json', body);
      const res = await api('POST', LINT, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('POST', LINT, res);
      expect(res.json()).toMatchObject({ mode: body.mode, valid: properties.length === 0 });
      expect(res.json().violations.map((v: Json) => v.property)).toEqual(properties);
    });

    it.each([
      ['an unknown mode', { mode: 'lenient', client: { name: 'z' } }],
      ['no client', { mode: 'strict' }],
      ['a client without a name', { mode: 'strict', client: {} }],
      ['an unknown property in client', { mode: 'strict', client: { name: 'z', bogus: 1 } }],
      ['an unknown top-level property', { mode: 'strict', client: { name: 'z' }, extra: true }],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('POST', LINT, body);
      const res = await api('POST', LINT, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', LINT, res);
    });

    it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      await expectUnparseableBodies('POST', LINT, LINT, { malformed: '{"mode":', xml: '<mode/>' });
    });

    it('401 without a token, 403 without create:clients', async () => {
      const body = { mode: 'strict', client: { name: 'z' } };
      const anonymous = await api('POST', LINT, { bearer: null, payload: body });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('POST', LINT, anonymous);
      const narrow = await api('POST', LINT, { bearer: await tokenWith('read:clients'), payload: body });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: create:clients');
      expectMatchesContract('POST', LINT, narrow);
    });

    it('405 with Allow for another method', async () => {
      const res = await api('GET', LINT);
      expect(res.statusCode).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expectMatchesContract('GET', LINT, res);
    });
  });

  describe('GET /ext/v1/access', () => {
    const audience = 'https://contract.example/access/';
    const ids: Record<string, string> = {};
    const grants: Record<string, Json> = {};
    beforeAll(async () => {
      await newApi({ identifier: audience, scopes: [{ value: 'read:a' }, { value: 'write:a' }] });
      const m2m = await newClient({ name: 'access: m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const partner = await newClient({ name: 'access: partner', is_first_party: false, app_type: 'regular_web', callbacks: ['https://partner.example/cb'] });
      const narrowPartner = await newClient({
        name: 'access: narrow partner',
        is_first_party: false,
        app_type: 'regular_web',
        callbacks: ['https://partner.example/cb'],
      });
      Object.assign(ids, { m2m: m2m.client_id, partner: partner.client_id, narrowPartner: narrowPartner.client_id });
      grants.m2m = await newGrant({ client_id: m2m.client_id, audience, scope: ['read:a'] });
      grants.default = await newGrant({ default_for: 'third_party_clients', audience, scope: ['read:a', 'write:a'] });
      grants.narrowPartner = await newGrant({ client_id: narrowPartner.client_id, audience, scope: ['read:a'] });
    });
    const query = (o: Record<string, string>) => `${ACCESS}?${new URLSearchParams(o).toString()}`;

    // One case per reason; `audience` null means the tenant's Management API (a system API).
    it.each([
      [
        'm2m',
        audience,
        'client',
        undefined,
        { allowed: true, reason: 'granted_by_client_grant', scopes: ['read:a'], policy: 'require_client_grant', grant: 'm2m' },
      ],
      ['m2m', audience, 'client', 'write:a', { allowed: false, reason: 'scopes_not_granted', scopes: [], policy: 'require_client_grant', grant: 'm2m' }],
      [
        'partner',
        audience,
        'client',
        undefined,
        { allowed: true, reason: 'granted_by_default_permission', scopes: ['read:a', 'write:a'], policy: 'require_client_grant', grant: 'default' },
      ],
      [
        'narrowPartner',
        audience,
        'client',
        'read:a write:a',
        { allowed: true, reason: 'granted_by_client_grant', scopes: ['read:a'], policy: 'require_client_grant', grant: 'narrowPartner' },
      ],
      ['m2m', audience, 'user', 'read:a', { allowed: true, reason: 'allowed_by_api_policy', scopes: ['read:a'], policy: 'allow_all' }],
      ['partner', audience, 'user', 'read:a', { allowed: false, reason: 'no_client_grant', scopes: [], policy: 'allow_all' }],
      ['partner', null, 'client', undefined, { allowed: false, reason: 'system_api_third_party', scopes: [], policy: 'require_client_grant' }],
      ['m2m', null, 'user', undefined, { allowed: false, reason: 'api_policy_deny_all', scopes: [], policy: 'deny_all' }],
    ] as const)('200: %s on %s as %s asking for %s', async (who, aud, subjectType, scope, expected) => {
      const { grant, ...rest } = expected as typeof expected & { grant?: string };
      const res = await api(
        'GET',
        query({ client_id: ids[who]!, audience: aud ?? t.main.tenant.managementAudience, subject_type: subjectType, ...(scope ? { scope } : {}) }),
      );
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', ACCESS, res);
      expect(res.json()).toEqual({ ...rest, explanation: expect.any(String), ...(grant ? { grant_id: grants[grant]!.id } : {}) });
    });

    it('200: subject_type defaults to client; unknown query parameters are ignored', async () => {
      const res = await api('GET', query({ client_id: ids.m2m!, audience, unrelated: 'yes' }));
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', ACCESS, res);
      expect(res.json()).toMatchObject({ allowed: true, reason: 'granted_by_client_grant', grant_id: grants.m2m!.id });
    });

    it.each([
      ['no client_id', () => ({ audience })],
      ['no audience', () => ({ client_id: ids.m2m! })],
      ['an unknown subject_type', () => ({ client_id: ids.m2m!, audience, subject_type: 'robot' })],
    ])('400 invalid_query_string for %s', async (_, make) => {
      const res = await api('GET', query(make()));
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', ACCESS, res);
    });

    it('401 without a token, 403 without read:client_grants', async () => {
      const anonymous = await api('GET', query({ client_id: ids.m2m!, audience }), { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', ACCESS, anonymous);
      const narrow = await api('GET', query({ client_id: ids.m2m!, audience }), { bearer: await tokenWith('read:clients read:resource_servers') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:client_grants');
      expectMatchesContract('GET', ACCESS, narrow);
    });

    it('404 inexistent_client for an unknown application, inexistent_resource_server for an unknown audience', async () => {
      const noClient = await api('GET', query({ client_id: 'unknownclient0000000000000000000', audience }));
      expect(noClient.statusCode).toBe(404);
      expect(noClient.json().errorCode).toBe('inexistent_client');
      expectMatchesContract('GET', ACCESS, noClient);
      const noApi = await api('GET', query({ client_id: ids.m2m!, audience: 'urn:contract:nowhere' }));
      expect(noApi.statusCode).toBe(404);
      expect(noApi.json()).toMatchObject({ errorCode: 'inexistent_resource_server', message: 'No resource with identifier urn:contract:nowhere' });
      expectMatchesContract('GET', ACCESS, noApi);
    });

    it('405 with Allow for another method', async () => {
      const res = await api('POST', ACCESS, { payload: {} });
      expect(res.statusCode).toBe(405);
      expect(String(res.headers.allow).split(/\s*,\s*/)).toContain('GET');
      expectMatchesContract('POST', ACCESS, res);
    });
  });
});

describeCoverage('ext');
