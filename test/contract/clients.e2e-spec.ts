import {
  CLIENT,
  CLIENTS,
  HUGE,
  Json,
  ROTATE,
  TOKEN,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  expectSchema,
  jsonHeaders,
  useContractApp,
  xmlHeaders,
} from './support/contract';

describe('responses match openapi.yaml', () => {
  const { t, api, tokenWith, newClient, expectUnparseableBodies } = useContractApp();

  describe('GET /api/v2/clients', () => {
    let firstParty: Json;
    let strict: Json;
    beforeAll(async () => {
      firstParty = await newClient({ name: 'list: first-party', app_type: 'regular_web' });
      strict = await newClient({ name: 'list: strict', is_first_party: false, app_type: 'spa', callbacks: ['https://partner.example/cb'] });
    });

    it('200: a bare array of whole clients, with secrets only for read:client_keys', async () => {
      const res = await api('GET', `${CLIENTS}?per_page=100`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, res);
      const list = res.json() as Json[];
      expect(list.map((c) => c.client_id)).toEqual(expect.arrayContaining([firstParty.client_id, strict.client_id]));
      for (const c of list) {
        expectSchema('Client', c);
        expect(c.client_secret).toEqual(expect.any(String));
      }

      const narrow = await api('GET', `${CLIENTS}?per_page=100`, { bearer: await tokenWith('read:clients') });
      expect(narrow.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, narrow);
      for (const c of narrow.json() as Json[]) {
        expectSchema('Client', c);
        expect(c).not.toHaveProperty('client_secret');
      }
    });

    it('200: include_totals=true answers exactly {start, limit, total, clients}; a page past the end is empty', async () => {
      const res = await api('GET', `${CLIENTS}?include_totals=true&page=0&per_page=2`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, res);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['clients', 'limit', 'start', 'total']);
      expect(body).toMatchObject({ start: 0, limit: 2 });
      expect(body.total).toBeGreaterThanOrEqual(3);
      expect(body.clients).toHaveLength(2);
      body.clients.forEach((c: Json) => expectSchema('Client', c));

      const past = await api('GET', `${CLIENTS}?include_totals=true&page=1000&per_page=100`);
      expect(past.statusCode).toBe(200);
      expect(past.json()).toEqual({ start: 100000, limit: 100, total: body.total, clients: [] });
      expectMatchesContract('GET', CLIENTS, past);
    });

    it('200: checkpoint pages (take/from) walk the list in order and the last one has no next', async () => {
      const all = ((await api('GET', `${CLIENTS}?per_page=100`)).json() as Json[]).map((c) => c.client_id);
      const seen: string[] = [];
      let url = `${CLIENTS}?take=2`;
      for (let i = 0; i < 60; i++) {
        const res = await api('GET', url);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', CLIENTS, res);
        const body = res.json();
        body.clients.forEach((c: Json) => expectSchema('Client', c));
        seen.push(...body.clients.map((c: Json) => c.client_id));
        if (!body.next) break;
        url = `${CLIENTS}?take=2&from=${encodeURIComponent(body.next)}`;
      }
      expect(seen).toEqual(all);
    });

    it('200: filters and fields select clients and properties', async () => {
      const res = await api('GET', `${CLIENTS}?is_first_party=false&app_type=spa,native&fields=client_id,third_party_security_mode`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, res);
      const list = res.json() as Json[];
      expect(list).toContainEqual({ client_id: strict.client_id, third_party_security_mode: 'strict' });
      for (const c of list) expect(Object.keys(c).sort()).toEqual(['client_id', 'third_party_security_mode']);

      const dropped = await api('GET', `${CLIENTS}?is_global=false&fields=client_secret,refresh_token&include_fields=false`);
      expect(dropped.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, dropped);
      for (const c of dropped.json() as Json[]) {
        expect(c).not.toHaveProperty('client_secret');
        expect(c).not.toHaveProperty('refresh_token');
        expect(c).toHaveProperty('client_id');
      }
    });

    it.each([
      'bogus=1',
      'per_page=0',
      'per_page=101',
      'page=-1',
      'page=two',
      'take=0',
      'take=101',
      'from=not-a-checkpoint',
      'take=2&per_page=101',
      'include_totals=maybe',
      'is_first_party=yes',
      'include_fields=perhaps&fields=name',
    ])('400 invalid_query_string for ?%s', async (query) => {
      const res = await api('GET', `${CLIENTS}?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', CLIENTS, res);
    });

    it('401 missing_authentication without a token', async () => {
      const res = await api('GET', CLIENTS, { bearer: null });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('GET', CLIENTS, res);
    });

    it('403 insufficient_scope naming read:clients,read:client_keys', async () => {
      const res = await api('GET', CLIENTS, { bearer: await tokenWith('create:clients update:clients') });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe('Insufficient scope, expected any of: read:clients,read:client_keys');
      expectMatchesContract('GET', CLIENTS, res);
    });
  });

  describe('POST /api/v2/clients', () => {
    it('201: a minimal first-party client with Auth0 defaults and a 32-character id', async () => {
      const body = { name: 'create: minimal' };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      const c = res.json();
      expect(c.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(c).toMatchObject({ is_first_party: true, global: false, oidc_conformant: false, client_secret: expect.any(String) });
      expect(c).not.toHaveProperty('third_party_security_mode');
    });

    it('201: a third-party client without a mode is strict (after the October 2026 flip) with a tpc_ id', async () => {
      const body = { name: 'create: partner', is_first_party: false, app_type: 'spa', callbacks: ['https://partner.example/cb'] };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).toMatchObject({
        client_id: expect.stringMatching(/^tpc_[A-Za-z0-9]{22}$/),
        third_party_security_mode: 'strict',
        grant_types: ['authorization_code'],
        redirection_policy: 'open_redirect_protection',
      });
    });

    it('201: an explicitly strict client setting every kind of curated property', async () => {
      const body = {
        name: 'create: curated',
        description: 'strict, explicit',
        logo_uri: 'https://partner.example/logo.png',
        is_first_party: false,
        third_party_security_mode: 'strict',
        app_type: 'regular_web',
        callbacks: ['https://partner.example/cb'],
        allowed_origins: ['https://partner.example'],
        web_origins: ['https://partner.example'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
        client_metadata: { team: 'partners' },
        jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 600 },
        refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', token_lifetime: 86400, idle_token_lifetime: 3600 },
        require_proof_of_possession: false,
        redirection_policy: 'allow_always',
      };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).toMatchObject({ ...body, jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 600 } });
    });

    it('201 without client_secret when the token lacks read:client_keys', async () => {
      const res = await api('POST', CLIENTS, { payload: { name: 'create: no keys' }, bearer: await tokenWith('create:clients') });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).not.toHaveProperty('client_secret');
    });

    it('201: null means not set; the newer properties are stored and echoed', async () => {
      const body = {
        name: 'create: newer properties',
        app_type: 'regular_web',
        callbacks: ['https://*.app.example/{organization_name}/cb', 'http://localhost:3000/cb'],
        par_request_expiry: null,
        token_endpoint_auth_method: null,
        organization_usage: null,
        fedcm_login: { google: { is_enabled: true } },
        token_quota: { client_credentials: { enforce: true, per_day: 100 } },
        anonymous_sessions: { enabled: false },
        async_approval_notification_channels: ['email'],
        oidc_logout: { backchannel_logout_urls: ['https://app.example/logout'] },
        session_transfer: { can_create_session_transfer_token: true },
      };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      const c = res.json();
      for (const unset of ['par_request_expiry', 'token_endpoint_auth_method', 'organization_usage']) expect(c).not.toHaveProperty(unset);
      expect(c).toMatchObject({
        fedcm_login: body.fedcm_login,
        token_quota: body.token_quota,
        anonymous_sessions: body.anonymous_sessions,
        async_approval_notification_channels: ['email'],
        oidc_backchannel_logout: { backchannel_logout_urls: ['https://app.example/logout'] },
        session_transfer: { can_create_session_transfer_token: true, enforce_device_binding: 'ip' },
      });
    });

    it('201: an application authenticating with keys has no client_secret, even for read:client_keys', async () => {
      const body = { name: 'create: keys', app_type: 'non_interactive', client_authentication_methods: { private_key_jwt: { credentials: [] } } };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).not.toHaveProperty('client_secret');
      expect(res.json().signing_keys).toEqual(expect.any(Array));
    });

    it('201: a resource_server application linked to its API by resource_server_identifier', async () => {
      const body = { name: 'create: api app', app_type: 'resource_server', resource_server_identifier: 'https://contract.example/linked/' };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).toMatchObject({ ...body, grant_types: [], oidc_conformant: true, jwt_configuration: { alg: 'RS256' } });
    });

    it.each([
      ['null for a property that cannot be null', { name: 'x', description: null }, 'description'],
      ['a name with < or >', { name: '<b>x</b>' }, 'name'],
      ['a callback that is not a URL', { name: 'x', callbacks: ['not a url'] }, 'callbacks'],
      ['a logo_uri that is not a URL', { name: 'x', logo_uri: 'logo.png' }, 'logo_uri'],
      ['an initiate_login_uri that is not https', { name: 'x', initiate_login_uri: 'http://app.example/login' }, 'initiate_login_uri'],
      ['a par_request_expiry under 10', { name: 'x', par_request_expiry: 5 }, 'par_request_expiry'],
      ['a par_request_expiry over 600', { name: 'x', par_request_expiry: 601 }, 'par_request_expiry'],
      ['an unknown notification channel', { name: 'x', async_approval_notification_channels: ['sms'] }, 'async_approval_notification_channels'],
      ['a resource_server_identifier over 600 characters', { name: 'x', resource_server_identifier: 'r'.repeat(601) }, 'resource_server_identifier'],
    ])('400 invalid_body naming the property for %s (refused by the documented schema too)', async (_, body, property) => {
      expectRequestRejectedByContract('POST', CLIENTS, body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('POST', CLIENTS, res);
    });

    it.each([
      ['an unknown property', { name: 'x', bogus: 1 }],
      ['no name', { app_type: 'spa' }],
      ['an empty name', { name: '' }],
      ['a name that is not a string', { name: 3 }],
      ['an unknown app_type', { name: 'x', app_type: 'desktop' }],
      ['an unknown jwt_configuration property', { name: 'x', jwt_configuration: { kid: 'k' } }],
      ['a description over 140 characters', { name: 'x', description: 'd'.repeat(141) }],
      ['a JSON array', [{ name: 'x' }]],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('POST', CLIENTS, body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', CLIENTS, res);
    });

    it.each([
      ['a non-curated property on a strict client', { name: 'x', is_first_party: false, sso: true }, 'sso'],
      ['a grant type strict clients cannot have', { name: 'x', is_first_party: false, grant_types: ['implicit'] }, 'grant_types'],
      ['a wildcard callback on a strict client', { name: 'x', is_first_party: false, callbacks: ['https://*.partner.example/cb'] }, 'callbacks'],
      ['HS256 on a strict client', { name: 'x', is_first_party: false, jwt_configuration: { alg: 'HS256' } }, 'jwt_configuration.alg'],
      ['third_party_security_mode on a first-party client', { name: 'x', third_party_security_mode: 'strict' }, 'third_party_security_mode'],
    ])('400 invalid_body naming the property for %s (a mode rule, beyond the schema)', async (_, body, property) => {
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('400 invalid_body for malformed JSON', async () => {
      const res = await api('POST', CLIENTS, { headers: jsonHeaders, payload: '{"name":' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('401 missing_authentication without a token', async () => {
      const res = await api('POST', CLIENTS, { bearer: null, payload: { name: 'x' } });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('403 insufficient_scope without create:clients', async () => {
      const res = await api('POST', CLIENTS, { bearer: await tokenWith('read:clients'), payload: { name: 'x' } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ errorCode: 'insufficient_scope', message: 'Insufficient scope, expected any of: create:clients' });
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('403 operation_not_supported for a permissive client in an account that is not eligible', async () => {
      const body = { name: 'x', is_first_party: false, third_party_security_mode: 'permissive' };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(403);
      expect(res.json().errorCode).toBe('operation_not_supported');
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('413 for a body over 1 MiB', async () => {
      const res = await api('POST', CLIENTS, { headers: jsonHeaders, payload: HUGE });
      expect(res.statusCode).toBe(413);
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('415 for a body the server cannot parse', async () => {
      const res = await api('POST', CLIENTS, { headers: xmlHeaders, payload: '<name>x</name>' });
      expect(res.statusCode).toBe(415);
      expectMatchesContract('POST', CLIENTS, res);
    });
  });

  describe('GET /api/v2/clients/{id}', () => {
    let client: Json;
    beforeAll(async () => {
      client = await newClient({ name: 'get: strict', is_first_party: false, app_type: 'native', callbacks: ['com.partner.app://cb'] });
    });

    it('200: the whole client, with its secret and signing keys for read:client_keys only', async () => {
      const res = await api('GET', `${CLIENTS}/${client.client_id}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, res);
      expectSchema('Client', res.json());
      expect(res.json()).toEqual(client);

      const narrow = await api('GET', `${CLIENTS}/${client.client_id}`, { bearer: await tokenWith('read:clients') });
      expect(narrow.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, narrow);
      expectSchema('Client', narrow.json());
      expect(client.signing_keys).toEqual([expect.objectContaining({ subject: '/CN=localhost' })]);
      const { client_secret: _secret, signing_keys: _keys, ...withoutKeys } = client;
      expect(narrow.json()).toEqual(withoutKeys);
    });

    it('200: fields keeps (or with include_fields=false drops) the named properties', async () => {
      const kept = await api('GET', `${CLIENTS}/${client.client_id}?fields=client_id,name,no_such_field`);
      expect(kept.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, kept);
      expect(kept.json()).toEqual({ client_id: client.client_id, name: client.name });

      const dropped = await api('GET', `${CLIENTS}/${client.client_id}?fields=client_secret,refresh_token&include_fields=false`);
      expect(dropped.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, dropped);
      expect(Object.keys(dropped.json()).sort()).toEqual(
        Object.keys(client)
          .filter((k) => k !== 'client_secret' && k !== 'refresh_token')
          .sort(),
      );
    });

    it('400 invalid_query_string for a include_fields that is not a boolean', async () => {
      const res = await api('GET', `${CLIENTS}/${client.client_id}?fields=name&include_fields=maybe`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', CLIENT, res);
    });

    it('401 missing_authentication without a token', async () => {
      const res = await api('GET', `${CLIENTS}/${client.client_id}`, { bearer: null });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('GET', CLIENT, res);
    });

    it('403 insufficient_scope without a read scope', async () => {
      const res = await api('GET', `${CLIENTS}/${client.client_id}`, { bearer: await tokenWith('update:clients') });
      expect(res.statusCode).toBe(403);
      expectMatchesContract('GET', CLIENT, res);
    });

    it('404 inexistent_client for an unknown id', async () => {
      const res = await api('GET', `${CLIENTS}/tpc_0000000000000000000000`);
      expect(res.statusCode).toBe(404);
      expect(res.json().errorCode).toBe('inexistent_client');
      expectMatchesContract('GET', CLIENT, res);
    });
  });

  describe('PATCH /api/v2/clients/{id}', () => {
    let firstParty: Json;
    let strict: Json;
    beforeAll(async () => {
      firstParty = await newClient({ name: 'patch: first-party' });
      strict = await newClient({ name: 'patch: strict', is_first_party: false, app_type: 'regular_web' });
    });

    it('200: sets properties and merges jwt_configuration', async () => {
      const body = { name: 'patch: renamed', callbacks: ['https://app.example/cb'], jwt_configuration: { lifetime_in_seconds: 600 } };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      expect(res.json()).toMatchObject({ ...body, jwt_configuration: { lifetime_in_seconds: 600, secret_encoded: false } });
    });

    it('200: repeating a strict client’s own mode is a no-op', async () => {
      const body = { third_party_security_mode: 'strict', description: 'still strict' };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${strict.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      expect(res.json()).toMatchObject({ client_id: strict.client_id, third_party_security_mode: 'strict', description: 'still strict' });
    });

    it('200: client_secret can be set with update:client_keys', async () => {
      const body = { client_secret: 'a-chosen-secret-of-some-length-0123456789' };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      expect(res.json().client_secret).toBe(body.client_secret);
    });

    it('200: null clears a property (and a member of a merged object); the answer omits it', async () => {
      const c = await newClient({
        name: 'patch: clear me',
        organization_usage: 'allow',
        par_request_expiry: 60,
        cross_origin_loc: 'https://app.example/co',
        oidc_logout: { backchannel_logout_urls: ['https://app.example/logout'] },
        client_metadata: { team: 'a', keep: 'b' },
      });
      expect(c).toHaveProperty('oidc_backchannel_logout');
      const body = {
        organization_usage: null,
        par_request_expiry: null,
        cross_origin_loc: null,
        oidc_backchannel_logout: null,
        refresh_token: null,
        token_endpoint_auth_method: null,
        jwt_configuration: { lifetime_in_seconds: null },
        client_metadata: { team: null },
      };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${c.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      const after = res.json();
      for (const gone of ['organization_usage', 'par_request_expiry', 'cross_origin_loc', 'oidc_logout', 'oidc_backchannel_logout', 'refresh_token']) {
        expect(after).not.toHaveProperty(gone);
      }
      expect(after.jwt_configuration).toEqual({ secret_encoded: false });
      expect(after.client_metadata).toEqual({ keep: 'b' });
      expectSchema('Client', (await api('GET', `${CLIENTS}/${c.client_id}`)).json());
    });

    it('200: switching to key authentication drops the secret', async () => {
      const c = await newClient({ name: 'patch: to keys', app_type: 'non_interactive' });
      expect(c.client_secret).toEqual(expect.any(String));
      const body = { client_authentication_methods: { private_key_jwt: { credentials: [] } } };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${c.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      expect(res.json()).not.toHaveProperty('client_secret');
    });

    it.each([
      ['an unknown property', { bogus: true }],
      ['a name that is not a string', { name: 42 }],
      ['an unknown refresh_token property', { refresh_token: { lifetime: 1 } }],
      ['an unknown third_party_security_mode', { third_party_security_mode: 'lenient' }],
      ['null for a property that cannot be null', { name: null }],
      ['resource_server_identifier, which only a create takes', { resource_server_identifier: 'https://contract.example/x/' }],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('PATCH', CLIENT, body);
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it.each([
      ['making a first-party client third-party', 'firstParty', { is_first_party: false }, 'is_first_party'],
      ['making a third-party client first-party', 'strict', { is_first_party: true }, 'is_first_party'],
      ['changing the mode', 'strict', { third_party_security_mode: 'permissive' }, 'third_party_security_mode'],
      ['a mode on a first-party client', 'firstParty', { third_party_security_mode: 'strict' }, 'third_party_security_mode'],
      ['a non-curated property on a strict client', 'strict', { sso_disabled: true }, 'sso_disabled'],
      ['a fragment in a strict client’s web_origins', 'strict', { web_origins: ['https://partner.example/#x'] }, 'web_origins'],
    ] as const)('400 invalid_body naming the property for %s', async (_, which, body, property) => {
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const id = (which === 'strict' ? strict : firstParty).client_id;
      const res = await api('PATCH', `${CLIENTS}/${id}`, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it('400 invalid_body for malformed JSON', async () => {
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { headers: jsonHeaders, payload: '{"name":' });
      expect(res.statusCode).toBe(400);
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it('401 missing_authentication without a token', async () => {
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { bearer: null, payload: { name: 'x' } });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it('403 insufficient_scope without an update scope, and for client_secret without update:client_keys', async () => {
      const readOnly = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { bearer: await tokenWith('read:clients'), payload: { name: 'x' } });
      expect(readOnly.statusCode).toBe(403);
      expect(readOnly.json().message).toBe('Insufficient scope, expected any of: update:clients,update:client_keys');
      expectMatchesContract('PATCH', CLIENT, readOnly);

      const secret = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, {
        bearer: await tokenWith('update:clients'),
        payload: { client_secret: 'another-chosen-secret-0123456789' },
      });
      expect(secret.statusCode).toBe(403);
      expect(secret.json().message).toBe('Insufficient scope, expected any of: update:client_keys');
      expectMatchesContract('PATCH', CLIENT, secret);
    });

    it('404 inexistent_client for an unknown id', async () => {
      const res = await api('PATCH', `${CLIENTS}/unknownclient0000000000000000000`, { payload: { name: 'x' } });
      expect(res.statusCode).toBe(404);
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it('413 for a body over 1 MiB, 415 for one the server cannot parse', async () => {
      const big = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('PATCH', CLIENT, big);
      const xml = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { headers: xmlHeaders, payload: '<name>x</name>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('PATCH', CLIENT, xml);
    });
  });

  describe('DELETE /api/v2/clients/{id}', () => {
    it('204 without a body; then the client is gone (GET and DELETE: 404)', async () => {
      const c = await newClient({ name: 'delete: me' });
      const res = await api('DELETE', `${CLIENTS}/${c.client_id}`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectMatchesContract('DELETE', CLIENT, res);

      const get = await api('GET', `${CLIENTS}/${c.client_id}`);
      expect(get.statusCode).toBe(404);
      expectMatchesContract('GET', CLIENT, get);
      const again = await api('DELETE', `${CLIENTS}/${c.client_id}`);
      expect(again.statusCode).toBe(404);
      expect(again.json().errorCode).toBe('inexistent_client');
      expectMatchesContract('DELETE', CLIENT, again);
    });

    it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
      const url = `${CLIENTS}/unknownclient0000000000000000000`;
      await expectUnparseableBodies('DELETE', CLIENT, url, { malformed: '{not json', xml: '<x/>' });
    });

    it('401 without a token, 403 without delete:clients', async () => {
      const c = await newClient({ name: 'delete: guarded' });
      const anonymous = await api('DELETE', `${CLIENTS}/${c.client_id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('DELETE', CLIENT, anonymous);
      const narrow = await api('DELETE', `${CLIENTS}/${c.client_id}`, { bearer: await tokenWith('read:clients update:clients') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: delete:clients');
      expectMatchesContract('DELETE', CLIENT, narrow);
      expect((await api('GET', `${CLIENTS}/${c.client_id}`)).statusCode).toBe(200);
    });
  });

  describe('POST /api/v2/clients/{id}/rotate-secret', () => {
    const rotate = (id: string, opts: Parameters<typeof api>[2] = {}) => api('POST', `${CLIENTS}/${id}/rotate-secret`, opts);

    it('200: the whole client with a new secret, even for a token that cannot read keys', async () => {
      const c = await newClient({ name: 'rotate: me', is_first_party: false, app_type: 'regular_web' });
      const res = await rotate(c.client_id, { bearer: await tokenWith('update:client_keys') });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('POST', ROTATE, res);
      expectSchema('Client', res.json());
      const { client_secret: before, ...rest } = c;
      expect(res.json()).toEqual({ ...rest, client_secret: expect.any(String) });
      expect(res.json().client_secret).not.toBe(before);
    });

    it('200: the old secret stops working at once', async () => {
      const c = await newClient({ name: 'rotate: m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const tokenWithSecret = (secret: string) =>
        t.inject({
          method: 'POST',
          url: TOKEN,
          payload: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: secret, audience: t.main.tenant.managementAudience },
        });
      // The client has no grant on the Management API: a right secret gets access_denied, a wrong one invalid_client.
      expect((await tokenWithSecret(c.client_secret)).json().error).toBe('access_denied');
      const res = await rotate(c.client_id);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('POST', ROTATE, res);
      const old = await tokenWithSecret(c.client_secret);
      expect(old.json().error).toBe('invalid_client');
      expectMatchesContract('POST', TOKEN, old);
      expect((await tokenWithSecret(res.json().client_secret)).json().error).toBe('access_denied');
    });

    it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
      const bad = await rotate('unknownclient0000000000000000000', { headers: jsonHeaders, payload: '{not json' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('POST', ROTATE, bad);
      const big = await rotate('unknownclient0000000000000000000', { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('POST', ROTATE, big);
      const xml = await rotate('unknownclient0000000000000000000', { headers: xmlHeaders, payload: '<x/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('POST', ROTATE, xml);
    });

    it('401 without a token', async () => {
      const res = await rotate('unknownclient0000000000000000000', { bearer: null });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('POST', ROTATE, res);
    });

    it('403 insufficient_scope without update:client_keys', async () => {
      const res = await rotate('unknownclient0000000000000000000', { bearer: await tokenWith('update:clients read:client_keys') });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ errorCode: 'insufficient_scope', message: 'Insufficient scope, expected any of: update:client_keys' });
      expectMatchesContract('POST', ROTATE, res);
    });

    it('403 operation_not_supported for a client using private_key_jwt', async () => {
      const c = await newClient({
        name: 'rotate: pkjwt',
        is_first_party: false,
        app_type: 'regular_web',
        client_authentication_methods: { private_key_jwt: { credentials: [] } },
      });
      const res = await rotate(c.client_id);
      expect(res.statusCode).toBe(403);
      expect(res.json().errorCode).toBe('operation_not_supported');
      expectMatchesContract('POST', ROTATE, res);
    });

    it('404 inexistent_client for an unknown id', async () => {
      const res = await rotate('unknownclient0000000000000000000');
      expect(res.statusCode).toBe(404);
      expectMatchesContract('POST', ROTATE, res);
    });
  });
});

describeCoverage('clients');
