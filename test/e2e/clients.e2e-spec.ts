import { DataSource } from 'typeorm';
import { ClientsReader } from '@gatehouse/clients';
import { useTestApp } from '@gatehouse/testing';

/** /api/v2/clients with the third-party security model (SPEC §4), after the October 2026 flip. */
describe('/api/v2/clients', () => {
  const app = useTestApp();
  const { t } = app;

  const api = app.api('/api/v2/clients');

  it('creates a first-party client with Auth0 defaults (201)', async () => {
    const res = await api('POST', '', { name: 'x' });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: 'x',
      client_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      client_secret: expect.any(String),
      is_first_party: true,
      oidc_conformant: false,
      global: false,
      callback_url_template: false,
      grant_types: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
      jwt_configuration: { secret_encoded: false, lifetime_in_seconds: 36000 },
      refresh_token: { expiration_type: 'non-expiring', rotation_type: 'non-rotating' },
      tenant: 'localhost',
    });
    expect(c.third_party_security_mode).toBeUndefined();
    expect(Object.values(c)).not.toContain(null);
    expect(c.signing_keys).toEqual([
      { cert: expect.stringMatching(/^-----BEGIN CERTIFICATE-----\n/), pkcs7: expect.stringMatching(/^-----BEGIN PKCS7-----\n/), subject: '/CN=localhost' },
    ]);
    const { X509Certificate } = await import('crypto');
    const x509 = new X509Certificate(c.signing_keys[0].cert);
    const jwk = (await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys[0];
    expect(x509.publicKey.export({ format: 'jwk' })).toMatchObject({ n: jwk.n, e: jwk.e });
  });

  it('creates a strict third-party client by default after the flip', async () => {
    const res = await api('POST', '', { name: 'partner', is_first_party: false, app_type: 'spa', callbacks: ['https://partner.example/cb'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      client_id: expect.stringMatching(/^tpc_[A-Za-z0-9]{22}$/),
      is_first_party: false,
      third_party_security_mode: 'strict',
      oidc_conformant: true,
      grant_types: ['authorization_code'],
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600 },
      refresh_token: { expiration_type: 'expiring', rotation_type: 'rotating', infinite_idle_token_lifetime: false },
      redirection_policy: 'open_redirect_protection',
    });
  });

  it.each([
    [{ sso: true }, 'sso'],
    [{ grant_types: ['implicit'] }, 'grant_types'],
    [{ grant_types: ['client_credentials'] }, 'grant_types'],
    [{ app_type: 'sso_integration' }, 'app_type'],
    [{ jwt_configuration: { alg: 'HS256' } }, 'jwt_configuration.alg'],
    [{ client_authentication_methods: { tls_client_auth: {} } }, 'client_authentication_methods.tls_client_auth'],
    [{ refresh_token: { expiration_type: 'non-expiring', rotation_type: 'rotating' } }, 'refresh_token.expiration_type'],
    [
      { refresh_token: { expiration_type: 'expiring', rotation_type: 'rotating', infinite_idle_token_lifetime: true } },
      'refresh_token.infinite_idle_token_lifetime',
    ],
    [{ callbacks: ['https://*.partner.example/cb'] }, 'callbacks'],
    [{ web_origins: ['https://partner.example/#x'] }, 'web_origins'],
  ])('refuses strict payload %p with 400 naming %s', async (extra, property) => {
    const res = await api('POST', '', { name: 'p', is_first_party: false, ...extra });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_body' });
    expect(res.json().message).toContain(`on property ${property}`);
  });

  it('refuses permissive for an ineligible account with 403 operation_not_supported', async () => {
    const res = await api('POST', '', { name: 'p', is_first_party: false, third_party_security_mode: 'permissive' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ errorCode: 'operation_not_supported', message: expect.stringContaining('before April 2026') });
  });

  it('refuses third_party_security_mode on first-party clients and unknown properties', async () => {
    const a = await api('POST', '', { name: 'p', third_party_security_mode: 'strict' });
    expect(a.statusCode).toBe(400);
    expect(a.json().message).toContain('third_party_security_mode');
    const b = await api('POST', '', { name: 'p', bogus: 1 });
    expect(b.statusCode).toBe(400);
    expect(b.json().message).toContain('Additional properties not allowed: bogus');
  });

  it('get, patch (immutability, merged rules), rotate-secret, delete', async () => {
    const created = (await api('POST', '', { name: 'p', is_first_party: false, app_type: 'regular_web' })).json();
    const id = created.client_id as string;
    expect((await api('GET', `/${id}`)).json()).toMatchObject({ client_id: id, name: 'p' });
    expect((await api('GET', `/${id}?fields=name,client_id`)).json()).toEqual({ client_id: id, name: 'p' });

    const renamed = await api('PATCH', `/${id}`, { name: 'p2', third_party_security_mode: 'strict' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'p2', third_party_security_mode: 'strict' });
    expect((await api('PATCH', `/${id}`, { third_party_security_mode: 'permissive' })).statusCode).toBe(400);
    expect((await api('PATCH', `/${id}`, { is_first_party: true })).statusCode).toBe(400);
    const badMerge = await api('PATCH', `/${id}`, { grant_types: ['authorization_code', 'implicit'] });
    expect(badMerge.statusCode).toBe(400);
    expect(badMerge.json().message).toContain('implicit');

    const rotated = await api('POST', `/${id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().client_secret).not.toBe(created.client_secret);
    expect(rotated.json().client_id).toBe(id);

    expect((await api('DELETE', `/${id}`)).statusCode).toBe(204);
    const gone = await api('GET', `/${id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ statusCode: 404, errorCode: 'inexistent_client' });
    expect((await api('DELETE', `/${id}`)).statusCode).toBe(404);
  });

  it('rotate-secret: the old secret stops working at once', async () => {
    const c = (await api('POST', '', { name: 'm2m', app_type: 'non_interactive', grant_types: ['client_credentials'] })).json();
    const tokenWith = (secret: string) =>
      t.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: secret, audience: t.main.tenant.managementAudience },
      });
    // No grant on the Management API yet: a good secret gets past client authentication to access_denied.
    expect((await tokenWith(c.client_secret)).json().error).toBe('access_denied');
    const rotated = (await api('POST', `/${c.client_id}/rotate-secret`)).json();
    expect((await tokenWith(c.client_secret)).json().error).toBe('invalid_client');
    expect((await tokenWith(rotated.client_secret)).json().error).toBe('access_denied');
  });

  it('refuses rotate-secret for private_key_jwt clients', async () => {
    const c = (await api('POST', '', { name: 'pkj', client_authentication_methods: { private_key_jwt: { credentials: [] } } })).json();
    const res = await api('POST', `/${c.client_id}/rotate-secret`);
    expect(res.statusCode).toBe(403);
    expect(res.json().errorCode).toBe('operation_not_supported');
  });

  it('returns client_secret only to tokens with read:client_keys', async () => {
    const narrow = await t.token(t.main, 'read:clients create:clients');
    const created = await api('POST', '', { name: 'no-keys' }, narrow);
    expect(created.statusCode).toBe(201);
    expect(created.json().client_secret).toBeUndefined();
    expect(created.json().signing_keys).toBeUndefined();
    expect((await api('GET', `/${created.json().client_id}`, undefined, narrow)).json().client_secret).toBeUndefined();
    expect((await api('GET', `/${created.json().client_id}`)).json().client_secret).toEqual(expect.any(String));
    const noScope = await t.token(t.main, 'read:client_grants');
    const refused = await api('GET', '', undefined, noScope);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe('Insufficient scope, expected any of: read:clients,read:client_keys');
  });

  it('lists with filters, offset pagination (include_totals) and checkpoint pagination', async () => {
    for (let i = 0; i < 5; i++) await api('POST', '', { name: `list-${i}`, app_type: 'spa' });
    const totals = (await api('GET', '?include_totals=true&per_page=2&page=1&app_type=spa')).json();
    expect(Object.keys(totals).sort()).toEqual(['clients', 'limit', 'start', 'total']);
    expect(totals).toMatchObject({ start: 2, limit: 2, total: expect.any(Number) });
    expect(totals.clients).toHaveLength(2);
    const firstParty = (await api('GET', '?is_first_party=false')).json() as { is_first_party: boolean }[];
    expect(firstParty.every((c) => c.is_first_party === false)).toBe(true);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = (await api('GET', `?take=2${next ? `&from=${next}` : ''}`)).json();
      seen.push(...page.clients.map((c: { client_id: string }) => c.client_id));
      next = page.next;
    } while (next);
    const all = (await api('GET', '?per_page=100')).json() as { client_id: string }[];
    expect(seen).toEqual(all.map((c) => c.client_id));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await api('GET', '?page=500')).json()).toEqual([]);
    expect((await api('GET', '?bogus=1')).json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_query_string' });
  });

  it('POST /ext/v1/lint/client returns the violations create would return', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/ext/v1/lint/client',
      headers: { authorization: `Bearer ${app.token}` },
      payload: { mode: 'strict', client: { name: 'x', sso: true, grant_types: ['implicit'] } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      mode: 'strict',
      valid: false,
      violations: [
        { property: 'sso', rule: 'not_curated' },
        { property: 'grant_types', rule: 'grant_type_not_allowed' },
      ],
    });
    const ok = await t.inject({
      method: 'POST',
      url: '/ext/v1/lint/client',
      headers: { authorization: `Bearer ${app.token}` },
      payload: { mode: 'permissive', client: { name: 'x', sso: true } },
    });
    expect(ok.json()).toEqual({ mode: 'permissive', valid: true, violations: [] });
  });

  it('POST /ext/v1/lint/client judges nulls as create does', async () => {
    const lint = (client: object) =>
      t.inject({ method: 'POST', url: '/ext/v1/lint/client', headers: { authorization: `Bearer ${app.token}` }, payload: { mode: 'permissive', client } });
    const refused = await lint({ name: 'x', callbacks: null });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      errorCode: 'invalid_body',
      message: "Payload validation error: 'Expected a value but found null' on property client.callbacks.",
    });
    const notSet = await lint({ name: 'x', addons: null, jwt_configuration: { alg: null } });
    expect(notSet.json()).toEqual({ mode: 'permissive', valid: true, violations: [] });
  });

  it('stores client secrets and signing keys encrypted at rest', async () => {
    const c = (await api('POST', '', { name: 'at-rest' })).json();
    const ds = t.app.get(DataSource);
    const [row] = await ds.query(
      'SELECT client_secret_enc, body FROM clients WHERE client_id = $1'.replace('$1', ds.options.type === 'postgres' ? '$1' : '?'),
      [c.client_id],
    );
    expect(row.client_secret_enc).toMatch(/^v1\./);
    expect(row.client_secret_enc).not.toContain(c.client_secret);
    expect(JSON.stringify(row.body)).not.toContain(c.client_secret);
    const keys = await ds.query('SELECT private_key_enc FROM signing_keys');
    for (const k of keys) {
      expect(k.private_key_enc).toMatch(/^v1\./);
      expect(k.private_key_enc).not.toContain('PRIVATE KEY');
    }
  });

  it('refuses null values instead of erasing properties, and answers 405 for other methods on emulated paths', async () => {
    const c = (await api('POST', '', { name: 'nulls' })).json();
    const res = await api('PATCH', `/${c.client_id}`, { grant_types: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('on property grant_types');
    const put = await t.inject({ method: 'PUT', url: `/api/v2/clients/${c.client_id}`, headers: { authorization: `Bearer ${app.token}` }, payload: {} });
    expect(put.statusCode).toBe(405);
    expect(put.json().errorCode).toBe('method_not_allowed');
  });

  it("reads client names for other libs by id, however many ids, and only the tenant's own", async () => {
    const c = (await api('POST', '', { name: 'named' })).json();
    const unknown = Array.from({ length: 1200 }, (_, i) => `unknown-${i}`);
    const ids = [...unknown.slice(0, 700), c.client_id, ...unknown.slice(700), c.client_id];
    const reader = t.app.get(ClientsReader);
    expect(await reader.names(t.main.tenant.id, ids)).toEqual(new Map([[c.client_id, 'named']]));
    const other = await t.createTenant('names-elsewhere.example');
    expect(await reader.names(other.tenant.id, ids)).toEqual(new Map());
  });

  it('a private_key_jwt client has no client_secret', async () => {
    const c = (await api('POST', '', { name: 'pkj2', client_authentication_methods: { private_key_jwt: { credentials: [] } } })).json();
    expect(c.client_secret).toBeUndefined();
  });
});
