import { decodeJwt } from 'jose';
import { useTestApp } from '@gatehouse/testing';

/**
 * Resource servers and client grants as the recorded Auth0 traffic answers them (issue 9): null in a
 * PATCH clears where Auth0 allows it and is refused by name elsewhere, every property of Auth0's
 * current schemas is accepted, validated and echoed, keys appear only where Auth0 sends them, and
 * checkpoint pagination wins over offset parameters on every list.
 */
describe('resource servers and client grants, as Auth0 answers them', () => {
  const app = useTestApp();
  const { t } = app;

  const call = app.api();
  const expectRefused = async (res: Awaited<ReturnType<typeof call>>, property: string) => {
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_body' });
    expect(res.json().message).toContain(`on property ${property}`);
  };

  const PEM = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n';

  describe('resource servers', () => {
    it("a new API has exactly Auth0's keys: no is_system, no unset optional property", async () => {
      const res = await call('POST', '/api/v2/resource-servers', { name: 'Plain', identifier: 'https://fidelity.example/plain' });
      expect(res.statusCode).toBe(201);
      expect(Object.keys(res.json()).sort()).toEqual(
        [
          'id',
          'name',
          'identifier',
          'allow_offline_access',
          'skip_consent_for_verifiable_first_party_clients',
          'subject_type_authorization',
          'token_lifetime',
          'token_lifetime_for_web',
          'signing_alg',
        ].sort(),
      );
    });

    it('is_system only on system APIs; the Management API is answered without access policies', async () => {
      const list = (await call('GET', '/api/v2/resource-servers?per_page=100')).json() as Record<string, unknown>[];
      for (const api of list) {
        if (api.is_system !== undefined) expect(api.is_system).toBe(true);
      }
      const management = list.find((a) => a.identifier === t.main.tenant.managementAudience)!;
      expect(management).toMatchObject({ name: 'Auth0 Management API', is_system: true });
      expect(management).not.toHaveProperty('subject_type_authorization');
      expect(list.filter((a) => a.is_system === undefined).length).toBeGreaterThan(0);
    });

    it('new properties are accepted, stored and echoed; the token_encryption PEM never is', async () => {
      const body = {
        identifier: 'https://fidelity.example/online',
        allow_online_access: true,
        allow_online_access_with_ephemeral_sessions: true,
        token_lifetime_for_anonymous_access_tokens: 900,
        consent_policy: 'transactional-authorization-with-mfa',
        authorization_details: [{ type: 'payment_initiation' }],
        proof_of_possession: { mechanism: 'dpop', required: true, required_for: 'all_clients' },
        token_encryption: { format: 'compact-nested-jwe', encryption_key: { name: 'k', alg: 'RSA-OAEP-512', kid: 'kid-1', pem: PEM } },
        authorization_policy: { policy_id: 'pol_abc' },
        signing_alg: 'RS512',
      };
      const created = await call('POST', '/api/v2/resource-servers', body);
      expect(created.statusCode).toBe(201);
      const { token_encryption: _enc, ...rest } = body;
      expect(created.json()).toMatchObject({
        ...rest,
        token_encryption: { format: 'compact-nested-jwe', encryption_key: { name: 'k', alg: 'RSA-OAEP-512', kid: 'kid-1' } },
      });
      const read = await call('GET', `/api/v2/resource-servers/${created.json().id}`);
      expect(read.json()).toEqual(created.json());
      expect(read.body).not.toContain('BEGIN PUBLIC KEY');
      const listed = await call('GET', `/api/v2/resource-servers?identifiers=${encodeURIComponent(body.identifier)}`);
      expect(listed.body).not.toContain('BEGIN PUBLIC KEY');

      // Recorded (TestAccResourceServerOnlineAccess): a PATCH turns both off and they are echoed false.
      const off = await call('PATCH', `/api/v2/resource-servers/${created.json().id}`, {
        allow_online_access: false,
        allow_online_access_with_ephemeral_sessions: false,
      });
      expect(off.statusCode).toBe(200);
      expect(off.json()).toMatchObject({ allow_online_access: false, allow_online_access_with_ephemeral_sessions: false });
    });

    it('null in a PATCH clears what Auth0 lets be null (200); in a POST it means not set', async () => {
      const created = (
        await call('POST', '/api/v2/resource-servers', {
          identifier: 'https://fidelity.example/nulls',
          consent_policy: 'transactional-authorization-with-mfa',
          proof_of_possession: { mechanism: 'mtls', required: false },
          token_encryption: { format: 'compact-nested-jwe', encryption_key: { alg: 'RSA-OAEP-256', pem: PEM } },
          authorization_details: [],
          authorization_policy: { policy_id: 'p' },
          token_lifetime_for_anonymous_access_tokens: 60,
        })
      ).json();
      const nullable = [
        'consent_policy',
        'proof_of_possession',
        'token_encryption',
        'authorization_details',
        'authorization_policy',
        'token_lifetime_for_anonymous_access_tokens',
      ];
      for (const k of nullable) expect(created).toHaveProperty(k);
      const cleared = await call('PATCH', `/api/v2/resource-servers/${created.id}`, Object.fromEntries(nullable.map((k) => [k, null])));
      expect(cleared.statusCode).toBe(200);
      for (const k of nullable) expect(cleared.json()).not.toHaveProperty(k);
      expect((await call('GET', `/api/v2/resource-servers/${created.id}`)).json()).toEqual(cleared.json());

      const posted = await call('POST', '/api/v2/resource-servers', {
        identifier: 'https://fidelity.example/post-nulls',
        ...Object.fromEntries(nullable.map((k) => [k, null])),
      });
      expect(posted.statusCode).toBe(201);
      for (const k of nullable) expect(posted.json()).not.toHaveProperty(k);
    });

    it.each(['name', 'scopes', 'signing_alg', 'allow_offline_access', 'allow_online_access', 'token_lifetime', 'subject_type_authorization', 'token_dialect'])(
      'a null %s, which Auth0 refuses, is a 400 naming it',
      async (property) => {
        const api = (await call('POST', '/api/v2/resource-servers', { identifier: `https://fidelity.example/null-${property}` })).json();
        await expectRefused(await call('PATCH', `/api/v2/resource-servers/${api.id}`, { [property]: null }), property);
        expect((await call('GET', `/api/v2/resource-servers/${api.id}`)).json()).toEqual(api);
      },
    );

    it.each([
      ['allow_online_access', 'yes'],
      ['allow_online_access_with_ephemeral_sessions', 1],
      ['token_lifetime_for_anonymous_access_tokens', 2592001],
      ['consent_policy', 'always'],
      ['authorization_details', { type: 'x' }],
      ['proof_of_possession', { mechanism: 'dpop' }],
      ['proof_of_possession.mechanism', { mechanism: 'pigeon', required: true }],
      ['token_encryption.encryption_key', { format: 'compact-nested-jwe' }],
      ['token_encryption.encryption_key.pem', { format: 'compact-nested-jwe', encryption_key: { alg: 'RSA-OAEP-256' } }],
      ['token_encryption.format', { format: 'jwe', encryption_key: { alg: 'RSA-OAEP-256', pem: PEM } }],
      ['authorization_policy.policy_id', { policy_id: '' }],
      ['signing_secret', 'too-short'],
      ['name', 'a <script>'],
    ])('a bad %s is a 400 naming it', async (path, value) => {
      const top = path.split('.')[0]!;
      await expectRefused(await call('POST', '/api/v2/resource-servers', { identifier: 'https://fidelity.example/bad', [top]: value }), path);
    });

    it('an unknown property is still a 400', async () => {
      const res = await call('POST', '/api/v2/resource-servers', { identifier: 'https://fidelity.example/unknown', allow_everything: true });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('allow_everything');
    });

    it("an API linked to a resource_server application reports that application's client_id", async () => {
      const identifier = 'https://fidelity.example/linked';
      const api = (await call('POST', '/api/v2/resource-servers', { identifier })).json();
      expect(api).not.toHaveProperty('client_id');
      const client = await call('POST', '/api/v2/clients', { name: 'linked', app_type: 'resource_server', resource_server_identifier: identifier });
      expect(client.statusCode).toBe(201);
      expect((await call('GET', `/api/v2/resource-servers/${api.id}`)).json()).toMatchObject({ client_id: client.json().client_id });
      const listed = (await call('GET', `/api/v2/resource-servers?identifiers=${encodeURIComponent(identifier)}`)).json();
      expect(listed[0].client_id).toBe(client.json().client_id);
    });
  });

  describe('client grants', () => {
    const AUD = 'https://fidelity.example/granted';
    let m2m: { client_id: string; client_secret: string };
    beforeAll(async () => {
      await call('POST', '/api/v2/resource-servers', { identifier: AUD, scopes: [{ value: 'read:x' }, { value: 'write:x' }] });
      m2m = (await call('POST', '/api/v2/clients', { name: 'fidelity m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] })).json();
    });

    it('keys only where Auth0 sends them: no is_system, allow_any_organization only once set', async () => {
      const plain = await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: AUD, scope: ['read:x'] });
      expect(plain.statusCode).toBe(201);
      expect(Object.keys(plain.json()).sort()).toEqual(['audience', 'client_id', 'id', 'scope', 'subject_type']);
      // Recorded (TestAccClientGrant_DefaultFor): a default permission has default_for and no client_id.
      const byDefault = await call('POST', '/api/v2/client-grants', { default_for: 'third_party_clients', audience: AUD, scope: ['read:x'] });
      expect(Object.keys(byDefault.json()).sort()).toEqual(['audience', 'default_for', 'id', 'scope', 'subject_type']);
      for (const g of (await call('GET', '/api/v2/client-grants?per_page=100')).json()) expect(g).not.toHaveProperty('is_system');

      const setFalse = await call('POST', '/api/v2/client-grants', {
        client_id: m2m.client_id,
        audience: AUD,
        subject_type: 'user',
        allow_any_organization: false,
      });
      expect(setFalse.json()).toMatchObject({ allow_any_organization: false });
      const patched = await call('PATCH', `/api/v2/client-grants/${plain.json().id}`, { allow_any_organization: true, organization_usage: 'allow' });
      expect(patched.json()).toMatchObject({ allow_any_organization: true, organization_usage: 'allow' });
      await call('DELETE', `/api/v2/client-grants/${plain.json().id}`);
      await call('DELETE', `/api/v2/client-grants/${byDefault.json().id}`);
      await call('DELETE', `/api/v2/client-grants/${setFalse.json().id}`);
    });

    it('new properties are echoed; null in a PATCH clears (scope to none, the others omitted)', async () => {
      const created = await call('POST', '/api/v2/client-grants', {
        client_id: m2m.client_id,
        audience: AUD,
        scope: ['read:x'],
        organization_usage: 'require',
        allow_any_organization: true,
        authorization_details_types: ['payment_initiation'],
        allow_all_scopes: false,
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        organization_usage: 'require',
        allow_any_organization: true,
        authorization_details_types: ['payment_initiation'],
        allow_all_scopes: false,
      });

      const cleared = await call('PATCH', `/api/v2/client-grants/${created.json().id}`, {
        scope: null,
        organization_usage: null,
        allow_any_organization: null,
        allow_all_scopes: null,
      });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json()).toEqual({
        id: created.json().id,
        client_id: m2m.client_id,
        audience: AUD,
        scope: [],
        subject_type: 'client',
        authorization_details_types: ['payment_initiation'],
      });
      // A cleared allow_any_organization is false for the filter.
      const filtered = (await call('GET', `/api/v2/client-grants?audience=${encodeURIComponent(AUD)}&allow_any_organization=false`)).json();
      expect(filtered.map((g: { id: string }) => g.id)).toContain(created.json().id);
      await call('DELETE', `/api/v2/client-grants/${created.json().id}`);
    });

    it.each([
      ['allow_all_scopes', 'yes'],
      ['authorization_details_types', ['']],
      ['authorization_details_types', 'payment'],
      ['scope', ['']],
      ['organization_usage', 'sometimes'],
    ])('a bad %s is a 400 naming it', async (property, value) => {
      await expectRefused(await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: AUD, [property]: value }), property);
    });

    it('a null Auth0 refuses (authorization_details_types in a PATCH, anything in a POST) is a 400 naming it', async () => {
      const g = (await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: AUD, scope: ['read:x'] })).json();
      await expectRefused(await call('PATCH', `/api/v2/client-grants/${g.id}`, { authorization_details_types: null }), 'authorization_details_types');
      await expectRefused(await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: AUD, subject_type: 'user', scope: null }), 'scope');
      await call('DELETE', `/api/v2/client-grants/${g.id}`);
    });

    it('scopes the API does not define are accepted (Auth0 does not check) but never issued; allow_all_scopes issues them all', async () => {
      const g = await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: AUD, scope: ['read:x', 'undefined:x'] });
      expect(g.statusCode).toBe(201);
      expect(g.json().scope).toEqual(['read:x', 'undefined:x']);
      const ask = () =>
        t.inject({
          method: 'POST',
          url: '/oauth/token',
          payload: { grant_type: 'client_credentials', client_id: m2m.client_id, client_secret: m2m.client_secret, audience: AUD },
        });
      expect(decodeJwt((await ask()).json().access_token).scope).toBe('read:x');

      await call('PATCH', `/api/v2/client-grants/${g.json().id}`, { scope: [], allow_all_scopes: true });
      expect(decodeJwt((await ask()).json().access_token).scope).toBe('read:x write:x');
      await call('DELETE', `/api/v2/client-grants/${g.json().id}`);
    });
  });

  describe('checkpoint pagination wins over offset parameters', () => {
    beforeAll(async () => {
      // At least two of each, so that a one-item checkpoint page has a next one.
      for (const n of [1, 2]) {
        const audience = `https://fidelity.example/paged-${n}`;
        await call('POST', '/api/v2/resource-servers', { identifier: audience });
        const c = (await call('POST', '/api/v2/clients', { name: `paged ${n}`, app_type: 'non_interactive' })).json();
        await call('POST', '/api/v2/client-grants', { client_id: c.client_id, audience });
      }
    });

    it("client grants: terraform's include_totals=true&per_page=50&take=100 answers {client_grants}", async () => {
      const res = await call('GET', '/api/v2/client-grants?include_totals=true&per_page=50&take=100');
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json())).toEqual(['client_grants']);
      expect(res.json().client_grants.length).toBeGreaterThan(0);
    });

    it('clients and resource servers: from/take with page/per_page/include_totals is a checkpoint page', async () => {
      for (const [path, key] of [
        ['/api/v2/clients', 'clients'],
        ['/api/v2/resource-servers', 'resource_servers'],
        ['/api/v2/client-grants', 'client_grants'],
      ]) {
        const first = await call('GET', `${path}?take=1&page=5&per_page=10&include_totals=true`);
        expect({ path, status: first.statusCode }).toEqual({ path, status: 200 });
        expect(Object.keys(first.json()).sort()).toEqual([key, 'next'].sort());
        expect(first.json()[key]).toHaveLength(1);
        const second = await call('GET', `${path}?take=1&per_page=10&from=${encodeURIComponent(first.json().next)}`);
        expect(second.statusCode).toBe(200);
        expect(second.json()[key][0]).not.toEqual(first.json()[key][0]);
      }
    });

    it('ignored offset parameters are still checked against their schema', async () => {
      for (const q of ['take=2&per_page=101', 'take=2&page=-1', 'take=2&include_totals=maybe']) {
        const res = await call('GET', `/api/v2/client-grants?${q}`);
        expect({ q, status: res.statusCode, code: res.json().errorCode }).toEqual({ q, status: 400, code: 'invalid_query_string' });
      }
    });

    it('offset pagination alone is unchanged; logs keep their own checkpoint (take wins there too)', async () => {
      const offset = await call('GET', '/api/v2/client-grants?include_totals=true&per_page=1');
      expect(Object.keys(offset.json()).sort()).toEqual(['client_grants', 'limit', 'start', 'total']);
      const logs = await call('GET', '/api/v2/logs?take=2&page=0&per_page=10&include_totals=true');
      expect(logs.statusCode).toBe(200);
      expect(Array.isArray(logs.json())).toBe(true);
      expect(logs.json().length).toBeLessThanOrEqual(2);
      expect(logs.headers.link).toContain('rel="next"');
    });
  });
});
