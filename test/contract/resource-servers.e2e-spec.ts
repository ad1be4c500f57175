import { MANAGEMENT_API_SCOPES, SYSTEM_API_UPDATABLE } from '@gatehouse/policy';

import {
  API,
  APIS,
  GRANT,
  GRANTS,
  Json,
  byId,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  expectSchema,
  useContractApp,
} from './support/contract';

describe('responses match openapi.yaml', () => {
  const { t, api, tokenWith, newClient, newApi, newGrant, expectUnparseableBodies } = useContractApp();

  describe('GET /api/v2/resource-servers', () => {
    let custom: Json;
    let other: Json;
    beforeAll(async () => {
      custom = await newApi({
        identifier: 'https://contract.example/list/',
        name: 'list: custom',
        scopes: [{ value: 'read:list', description: 'Read the list' }],
      });
      other = await newApi({ identifier: 'urn:contract:list-other' });
    });

    it('200: a bare array holding the system API (the My Account API is not activated yet) and the custom ones', async () => {
      const res = await api('GET', `${APIS}?per_page=100`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, res);
      const list = res.json() as Json[];
      list.forEach((a) => expectSchema('ResourceServer', a));
      const system = list.filter((a) => a.is_system);
      expect(system.map((a) => a.name).sort()).toEqual(['Auth0 Management API']);
      const management = system.find((a) => a.name === 'Auth0 Management API')!;
      expect(management.identifier).toBe(t.main.tenant.managementAudience);
      expect(management.scopes.map((s: Json) => s.value).sort()).toEqual([...MANAGEMENT_API_SCOPES].sort());
      expect(list).toEqual(expect.arrayContaining([custom, other]));
    });

    it('200: include_totals=true answers exactly {start, limit, total, resource_servers}; a page past the end is empty', async () => {
      const res = await api('GET', `${APIS}?include_totals=true&page=0&per_page=2`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, res);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['limit', 'resource_servers', 'start', 'total']);
      expect(body).toMatchObject({ start: 0, limit: 2 });
      expect(body.total).toBeGreaterThanOrEqual(3); // the Management API and the two custom ones
      expect(body.resource_servers).toHaveLength(2);
      body.resource_servers.forEach((a: Json) => expectSchema('ResourceServer', a));

      const past = await api('GET', `${APIS}?include_totals=true&page=1000&per_page=100`);
      expect(past.statusCode).toBe(200);
      expect(past.json()).toEqual({ start: 100000, limit: 100, total: body.total, resource_servers: [] });
      expectMatchesContract('GET', APIS, past);
    });

    it('200: checkpoint pages walk the list in order (include_totals ignored) and the last one has no next', async () => {
      const all = ((await api('GET', `${APIS}?per_page=100`)).json() as Json[]).map((a) => a.id);
      const seen: string[] = [];
      let url = `${APIS}?take=1&include_totals=true`;
      for (let i = 0; i < 60; i++) {
        const res = await api('GET', url);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', APIS, res);
        const body = res.json();
        expect(body).not.toHaveProperty('total');
        body.resource_servers.forEach((a: Json) => expectSchema('ResourceServer', a));
        seen.push(...body.resource_servers.map((a: Json) => a.id));
        if (!body.next) break;
        url = `${APIS}?take=1&from=${encodeURIComponent(body.next)}`;
      }
      expect(seen).toEqual(all);
    });

    it('200: with checkpoint and offset parameters both sent, checkpoint wins and the others are ignored', async () => {
      const res = await api('GET', `${APIS}?include_totals=true&page=3&per_page=50&take=2`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, res);
      const body = res.json();
      expect(Object.keys(body).filter((k) => k !== 'next')).toEqual(['resource_servers']);
      expect(body.resource_servers).toHaveLength(2);
      expect(body.next).toEqual(expect.any(String));
    });

    it('200: identifiers (repeated or comma-separated) filters, fields projects', async () => {
      const repeated = await api('GET', `${APIS}?identifiers=${encodeURIComponent(custom.identifier)}&identifiers=${encodeURIComponent(other.identifier)}`);
      expect(repeated.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, repeated);
      // Items created within the same millisecond are ordered by id: compare as sets.
      expect(byId(repeated.json())).toEqual(byId([custom, other]));

      const comma = await api('GET', `${APIS}?identifiers=${encodeURIComponent(`${other.identifier},urn:contract:nothing`)}&fields=id,identifier`);
      expect(comma.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, comma);
      expect(comma.json()).toEqual([{ id: other.id, identifier: other.identifier }]);

      const dropped = await api('GET', `${APIS}?fields=scopes,subject_type_authorization&include_fields=false`);
      expect(dropped.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, dropped);
      for (const a of dropped.json() as Json[]) {
        expect(a).not.toHaveProperty('scopes');
        expect(a).not.toHaveProperty('subject_type_authorization');
        expect(a).toHaveProperty('identifier');
      }
    });

    it.each([
      'bogus=1',
      'per_page=0',
      'per_page=101',
      'page=-1',
      'take=0',
      'take=101',
      'from=not-a-checkpoint',
      'take=2&page=-1',
      'include_totals=maybe',
      'include_fields=perhaps&fields=name',
    ])('400 invalid_query_string for ?%s', async (query) => {
      const res = await api('GET', `${APIS}?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', APIS, res);
    });

    it('401 without a token, 403 without read:resource_servers', async () => {
      const anonymous = await api('GET', APIS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', APIS, anonymous);
      const narrow = await api('GET', APIS, { bearer: await tokenWith('read:clients read:client_grants') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:resource_servers');
      expectMatchesContract('GET', APIS, narrow);
    });
  });

  describe('POST /api/v2/resource-servers', () => {
    it('201: https://{domain}/me/ activates the My Account API, a system API; 403 for what a system API refuses', async () => {
      const identifier = `https://${t.main.tenant.domain}/me/`;
      const refused = { identifier, scopes: [{ value: 'read:me' }] };
      expectRequestMatchesContract('POST', APIS, 'application/json', refused);
      const no = await api('POST', APIS, { payload: refused });
      expect(no.statusCode).toBe(403);
      expect(no.json().errorCode).toBe('operation_not_supported');
      expectMatchesContract('POST', APIS, no);

      const body = { identifier, name: 'My Account', token_lifetime: 900 };
      expectRequestMatchesContract('POST', APIS, 'application/json', body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', APIS, res);
      expect(res.json()).toMatchObject({
        name: 'Auth0 My Account API',
        identifier,
        is_system: true,
        token_lifetime: 900,
        subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } },
      });
    });

    it("201: only an identifier, with Auth0's defaults and a 24-hex id", async () => {
      const body = { identifier: 'urn:contract:create-minimal' };
      expectRequestMatchesContract('POST', APIS, 'application/json', body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', APIS, res);
      expect(res.json()).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        name: body.identifier,
        identifier: body.identifier,
        signing_alg: 'RS256',
        token_lifetime: 86400,
        token_lifetime_for_web: 7200,
        allow_offline_access: false,
        skip_consent_for_verifiable_first_party_clients: false,
        subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' } },
      });
    });

    it('201: every settable property; signing_secret and the token_encryption PEM are never returned; one policy keeps the other’s default', async () => {
      const body = {
        identifier: 'https://contract.example/create-full/',
        name: 'create: full',
        scopes: [{ value: 'read:full', description: 'Read everything' }, { value: 'write:full' }],
        signing_alg: 'HS256',
        signing_secret: 'a-signing-secret-of-some-length',
        allow_offline_access: true,
        allow_online_access: true,
        allow_online_access_with_ephemeral_sessions: false,
        token_lifetime: 3600,
        token_lifetime_for_web: 600,
        token_lifetime_for_anonymous_access_tokens: 300,
        skip_consent_for_verifiable_first_party_clients: true,
        enforce_policies: true,
        token_dialect: 'rfc9068_profile',
        subject_type_authorization: { user: { policy: 'require_client_grant' } },
        consent_policy: 'transactional-authorization-with-mfa',
        authorization_details: [{ type: 'payment_initiation' }],
        proof_of_possession: { mechanism: 'dpop', required: true, required_for: 'public_clients' },
        token_encryption: {
          format: 'compact-nested-jwe',
          encryption_key: { name: 'enc', alg: 'RSA-OAEP-256', kid: 'k1', pem: '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n' },
        },
        authorization_policy: { policy_id: 'pol_1' },
      };
      expectRequestMatchesContract('POST', APIS, 'application/json', body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', APIS, res);
      const { signing_secret: _secret, ...visible } = body;
      expect(res.json()).toEqual({
        ...visible,
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'require_client_grant' } },
        token_encryption: { format: 'compact-nested-jwe', encryption_key: { name: 'enc', alg: 'RSA-OAEP-256', kid: 'k1' } },
      });
      expect(JSON.stringify((await api('GET', `${APIS}/${res.json().id}`)).json())).not.toContain('BEGIN PUBLIC KEY');
    });

    it('201: a null where Auth0 allows one means "not set"', async () => {
      const body = {
        identifier: 'urn:contract:create-nulls',
        consent_policy: null,
        token_encryption: null,
        proof_of_possession: null,
        authorization_details: null,
      };
      expectRequestMatchesContract('POST', APIS, 'application/json', body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', APIS, res);
      for (const k of ['consent_policy', 'token_encryption', 'proof_of_possession', 'authorization_details']) expect(res.json()).not.toHaveProperty(k);
    });

    it.each([
      ['an unknown property', { identifier: 'urn:contract:bad', bogus: 1 }],
      ['no identifier', { name: 'no identifier' }],
      ['an empty identifier', { identifier: '' }],
      ['a token_lifetime of 0', { identifier: 'urn:contract:bad', token_lifetime: 0 }],
      ['a token_lifetime over 30 days', { identifier: 'urn:contract:bad', token_lifetime: 2592001 }],
      ['an unknown signing_alg', { identifier: 'urn:contract:bad', signing_alg: 'none' }],
      ['a scope without a value', { identifier: 'urn:contract:bad', scopes: [{ description: 'nameless' }] }],
      ['an unknown property in a scope', { identifier: 'urn:contract:bad', scopes: [{ value: 'read:x', label: 'x' }] }],
      ['an unknown user policy', { identifier: 'urn:contract:bad', subject_type_authorization: { user: { policy: 'allow_some' } } }],
      ['a name with < or >', { identifier: 'urn:contract:bad', name: '<b>api</b>' }],
      ['a signing_secret under 16 characters', { identifier: 'urn:contract:bad', signing_secret: 'short' }],
      ['allow_online_access that is not a boolean', { identifier: 'urn:contract:bad', allow_online_access: 'yes' }],
      ['an unknown consent_policy', { identifier: 'urn:contract:bad', consent_policy: 'always' }],
      ['a proof_of_possession without required', { identifier: 'urn:contract:bad', proof_of_possession: { mechanism: 'dpop' } }],
      [
        'a token_encryption key without its pem',
        { identifier: 'urn:contract:bad', token_encryption: { format: 'compact-nested-jwe', encryption_key: { alg: 'RSA-OAEP-256' } } },
      ],
      [
        'an unknown token_encryption alg',
        { identifier: 'urn:contract:bad', token_encryption: { format: 'compact-nested-jwe', encryption_key: { alg: 'RSA1_5', pem: 'x' } } },
      ],
      ['an authorization_policy without policy_id', { identifier: 'urn:contract:bad', authorization_policy: {} }],
      ['a null name', { identifier: 'urn:contract:bad', name: null }],
      ['allow_all as the client policy', { identifier: 'urn:contract:bad', subject_type_authorization: { client: { policy: 'allow_all' } } }],
      ['a JSON array', [{ identifier: 'urn:contract:bad' }]],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('POST', APIS, body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', APIS, res);
    });

    it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      await expectUnparseableBodies('POST', APIS, APIS, { malformed: '{"identifier":', xml: '<identifier/>' });
    });

    it('401 without a token, 403 without create:resource_servers', async () => {
      const body = { identifier: 'urn:contract:guarded' };
      const anonymous = await api('POST', APIS, { bearer: null, payload: body });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('POST', APIS, anonymous);
      const narrow = await api('POST', APIS, { bearer: await tokenWith('read:resource_servers update:resource_servers'), payload: body });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: create:resource_servers');
      expectMatchesContract('POST', APIS, narrow);
    });

    it('409 conflict for an identifier already taken, a system API’s included', async () => {
      const first = await newApi({ identifier: 'urn:contract:taken' });
      for (const identifier of [first.identifier, t.main.tenant.managementAudience]) {
        const res = await api('POST', APIS, { payload: { identifier, name: 'again' } });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ errorCode: 'conflict', message: expect.stringContaining(identifier) });
        expectMatchesContract('POST', APIS, res);
      }
    });
  });

  describe('GET /api/v2/resource-servers/{id}', () => {
    let custom: Json;
    beforeAll(async () => {
      custom = await newApi({ identifier: 'https://contract.example/get/', scopes: [{ value: 'read:get' }] });
    });

    it('200: by id, and by URL-encoded identifier', async () => {
      const byId = await api('GET', `${APIS}/${custom.id}`);
      expect(byId.statusCode).toBe(200);
      expectMatchesContract('GET', API, byId);
      expectSchema('ResourceServer', byId.json());
      expect(byId.json()).toEqual(custom);

      const byIdentifier = await api('GET', `${APIS}/${encodeURIComponent(custom.identifier)}`);
      expect(byIdentifier.statusCode).toBe(200);
      expectMatchesContract('GET', API, byIdentifier);
      expect(byIdentifier.json()).toEqual(custom);

      const system = await api('GET', `${APIS}/${encodeURIComponent(t.main.tenant.managementAudience)}`);
      expect(system.statusCode).toBe(200);
      expectMatchesContract('GET', API, system);
      expect(system.json()).toMatchObject({ name: 'Auth0 Management API', is_system: true });
    });

    it('200: fields keeps (or with include_fields=false drops) the named properties', async () => {
      const kept = await api('GET', `${APIS}/${custom.id}?fields=id,identifier,no_such_field`);
      expect(kept.statusCode).toBe(200);
      expectMatchesContract('GET', API, kept);
      expect(kept.json()).toEqual({ id: custom.id, identifier: custom.identifier });

      const dropped = await api('GET', `${APIS}/${custom.id}?fields=scopes&include_fields=false`);
      expect(dropped.statusCode).toBe(200);
      expectMatchesContract('GET', API, dropped);
      const { scopes: _scopes, ...rest } = custom;
      expect(dropped.json()).toEqual(rest);
    });

    it('400 invalid_query_string for an include_fields that is not a boolean', async () => {
      const res = await api('GET', `${APIS}/${custom.id}?fields=name&include_fields=maybe`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', API, res);
    });

    it('401 without a token, 403 without read:resource_servers', async () => {
      const anonymous = await api('GET', `${APIS}/${custom.id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', API, anonymous);
      const narrow = await api('GET', `${APIS}/${custom.id}`, { bearer: await tokenWith('update:resource_servers') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:resource_servers');
      expectMatchesContract('GET', API, narrow);
    });

    it.each([
      ['an unknown id', '000000000000000000000000'],
      ['an unknown identifier', encodeURIComponent('https://contract.example/nowhere/')],
    ])('404 inexistent_resource_server for %s', async (_, id) => {
      const res = await api('GET', `${APIS}/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().errorCode).toBe('inexistent_resource_server');
      expectMatchesContract('GET', API, res);
    });
  });

  describe('PATCH /api/v2/resource-servers/{id}', () => {
    let custom: Json;
    let myAccount: Json;
    beforeAll(async () => {
      custom = await newApi({ identifier: 'https://contract.example/patch/', scopes: [{ value: 'read:patch' }] });
      // Activated by the POST suite above (or here, when run alone).
      myAccount =
        ((await api('GET', `${APIS}?per_page=100`)).json() as Json[]).find((a) => a.name === 'Auth0 My Account API') ??
        (await newApi({ identifier: `https://${t.main.tenant.domain}/me/` }));
    });

    it('200: replaces scopes, renames, and sets one policy keeping the other', async () => {
      const body = {
        name: 'patch: renamed',
        scopes: [{ value: 'read:patched', description: 'Read' }],
        subject_type_authorization: { client: { policy: 'deny_all' } },
      };
      expectRequestMatchesContract('PATCH', API, 'application/json', body);
      const res = await api('PATCH', `${APIS}/${custom.id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, res);
      expect(res.json()).toEqual({
        ...custom,
        ...body,
        subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'deny_all' } },
      });
      const read = await api('GET', `${APIS}/${custom.id}`);
      expect(read.json()).toEqual(res.json());
    });

    it('200: null clears the properties Auth0 lets be null; new properties are stored and echoed', async () => {
      const set = {
        allow_online_access: true,
        consent_policy: 'transactional-authorization-with-mfa',
        proof_of_possession: { mechanism: 'mtls', required: false },
        authorization_details: [{ type: 'x' }],
        token_lifetime_for_anonymous_access_tokens: 120,
      };
      expectRequestMatchesContract('PATCH', API, 'application/json', set);
      const withAll = await api('PATCH', `${APIS}/${custom.id}`, { payload: set });
      expect(withAll.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, withAll);
      expect(withAll.json()).toMatchObject(set);

      const clear = {
        consent_policy: null,
        proof_of_possession: null,
        authorization_details: null,
        token_lifetime_for_anonymous_access_tokens: null,
        token_encryption: null,
      };
      expectRequestMatchesContract('PATCH', API, 'application/json', clear);
      const cleared = await api('PATCH', `${APIS}/${custom.id}`, { payload: clear });
      expect(cleared.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, cleared);
      for (const k of Object.keys(clear)) expect(cleared.json()).not.toHaveProperty(k);
      expect(cleared.json()).toMatchObject({ allow_online_access: true });
      expect((await api('GET', `${APIS}/${custom.id}`)).json()).toEqual(cleared.json());
    });

    it.each(['scopes', 'name', 'allow_online_access', 'token_lifetime', 'subject_type_authorization'])(
      '400 invalid_body naming %s for a null Auth0 refuses',
      async (property) => {
        const body = { [property]: null };
        expectRequestRejectedByContract('PATCH', API, body);
        const res = await api('PATCH', `${APIS}/${custom.id}`, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
        expectMatchesContract('PATCH', API, res);
      },
    );

    it('200: by URL-encoded identifier, and an empty body changes nothing', async () => {
      const before = (await api('GET', `${APIS}/${custom.id}`)).json();
      const res = await api('PATCH', `${APIS}/${encodeURIComponent(custom.identifier)}`, { payload: {} });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, res);
      expect(res.json()).toEqual(before);
    });

    it('200: a system API takes the updates Auth0 allows', async () => {
      const body = { token_lifetime: 900, token_lifetime_for_web: 300, skip_consent_for_verifiable_first_party_clients: true };
      expectRequestMatchesContract('PATCH', API, 'application/json', body);
      const res = await api('PATCH', `${APIS}/${myAccount.id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, res);
      expect(res.json()).toEqual({ ...myAccount, ...body });
    });

    it.each([
      ['the identifier', { identifier: 'https://contract.example/moved/' }],
      ['an unknown property', { bogus: true }],
      ['a name that is not a string', { name: 7 }],
      ['a token_lifetime_for_web over 30 days', { token_lifetime_for_web: 2592001 }],
      ['an unknown client policy', { subject_type_authorization: { client: { policy: 'allow_all' } } }],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('PATCH', API, body);
      const res = await api('PATCH', `${APIS}/${custom.id}`, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PATCH', API, res);
    });

    it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      await expectUnparseableBodies('PATCH', API, `${APIS}/${custom.id}`, { malformed: '{"name":', xml: '<name/>' });
    });

    it('401 without a token, 403 insufficient_scope without update:resource_servers', async () => {
      const anonymous = await api('PATCH', `${APIS}/${custom.id}`, { bearer: null, payload: { name: 'x' } });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('PATCH', API, anonymous);
      const narrow = await api('PATCH', `${APIS}/${custom.id}`, { bearer: await tokenWith('read:resource_servers'), payload: { name: 'x' } });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:resource_servers');
      expectMatchesContract('PATCH', API, narrow);
    });

    it('403 operation_not_supported for a system API change Auth0 does not allow, naming what is allowed; nothing changes', async () => {
      const management = (await api('GET', `${APIS}/${encodeURIComponent(t.main.tenant.managementAudience)}`)).json();
      const body = { name: 'My management API', token_lifetime: 60 };
      expectRequestMatchesContract('PATCH', API, 'application/json', body);
      const res = await api('PATCH', `${APIS}/${management.id}`, { payload: body });
      expect(res.statusCode).toBe(403);
      expect(res.json().errorCode).toBe('operation_not_supported');
      for (const p of SYSTEM_API_UPDATABLE) expect(res.json().message).toContain(p);
      expectMatchesContract('PATCH', API, res);
      expect((await api('GET', `${APIS}/${management.id}`)).json()).toEqual(management);
    });

    it('404 inexistent_resource_server for an unknown id', async () => {
      const res = await api('PATCH', `${APIS}/000000000000000000000000`, { payload: { name: 'x' } });
      expect(res.statusCode).toBe(404);
      expect(res.json().errorCode).toBe('inexistent_resource_server');
      expectMatchesContract('PATCH', API, res);
    });
  });

  describe('DELETE /api/v2/resource-servers/{id}', () => {
    it('204 without a body, and the API’s client grants go with it; then 404', async () => {
      const doomed = await newApi({ identifier: 'https://contract.example/doomed/', scopes: [{ value: 'read:doomed' }] });
      const client = await newClient({ name: 'delete api: m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const grant = await newGrant({ client_id: client.client_id, audience: doomed.identifier, scope: ['read:doomed'] });

      const res = await api('DELETE', `${APIS}/${doomed.id}`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectMatchesContract('DELETE', API, res);

      const gone = await api('GET', `${GRANTS}/${grant.id}`);
      expect(gone.statusCode).toBe(404);
      expectMatchesContract('GET', GRANT, gone);
      const again = await api('DELETE', `${APIS}/${doomed.id}`);
      expect(again.statusCode).toBe(404);
      expect(again.json().errorCode).toBe('inexistent_resource_server');
      expectMatchesContract('DELETE', API, again);
    });

    it('204 by URL-encoded identifier', async () => {
      const doomed = await newApi({ identifier: 'https://contract.example/doomed-by-identifier/' });
      const res = await api('DELETE', `${APIS}/${encodeURIComponent(doomed.identifier)}`);
      expect(res.statusCode).toBe(204);
      expectMatchesContract('DELETE', API, res);
      expect((await api('GET', `${APIS}/${doomed.id}`)).statusCode).toBe(404);
    });

    it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
      const url = `${APIS}/000000000000000000000000`;
      await expectUnparseableBodies('DELETE', API, url, { malformed: '{not json', xml: '<x/>' });
    });

    it('401 without a token, 403 without delete:resource_servers', async () => {
      const kept = await newApi({ identifier: 'urn:contract:delete-guarded' });
      const anonymous = await api('DELETE', `${APIS}/${kept.id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('DELETE', API, anonymous);
      const narrow = await api('DELETE', `${APIS}/${kept.id}`, { bearer: await tokenWith('read:resource_servers update:resource_servers') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: delete:resource_servers');
      expectMatchesContract('DELETE', API, narrow);
      expect((await api('GET', `${APIS}/${kept.id}`)).statusCode).toBe(200);
    });

    it.each(['Auth0 Management API', 'Auth0 My Account API'])('403 operation_not_supported for the system API %s', async (name) => {
      const system = ((await api('GET', `${APIS}?per_page=100`)).json() as Json[]).find((a) => a.name === name)!;
      const res = await api('DELETE', `${APIS}/${system.id}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().errorCode).toBe('operation_not_supported');
      expectMatchesContract('DELETE', API, res);
      expect((await api('GET', `${APIS}/${system.id}`)).statusCode).toBe(200);
    });
  });
});

describeCoverage('resource-servers');
