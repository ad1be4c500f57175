import { createHash, randomBytes } from 'crypto';
import { useTestApp } from '@gatehouse/testing';
import { Report, ReportClient, thirdPartyWebApp } from './support/migration-report';

/**
 * GET /ext/v1/migration-report (issue 14 §3) over HTTP: permissive third-party applications created
 * before April 2026, each with some of seed 002's violations in its configuration or its flows (driven
 * for real through /authorize in the CI test mode, /oauth/token and a legacy endpoint), the tenant's
 * state against the flip, and the proof that the report and POST /api/v2/clients agree: the strict twin
 * of a client the report passes is created as strict, the twin of one it flags is refused for the very
 * reasons it names.
 */

const CB = 'https://partner.example.com/callback';
const API = 'https://orders.example.com/';
const PASSWORD = 'Correct-Horse-Battery-9';
const EMAIL = 'ci@example.com';
const REPORT = '/ext/v1/migration-report';

const CLEAN = thirdPartyWebApp(CB, { leeway: 0, infinite_token_lifetime: false });

describe('GET /ext/v1/migration-report', () => {
  // Permissive clients exist only from before April 2026: the app starts then, and the clock moves on.
  const app = useTestApp({ now: new Date('2026-03-01T00:00:00Z'), env: { GATEHOUSE_TEST_LOGIN: EMAIL } });
  const { t } = app;
  let token: string;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const created = async (url: string, payload: unknown) => {
    const res = await call('POST', url, payload);
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const report = async (): Promise<Report> => {
    const res = await call('GET', REPORT);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json();
  };
  const clientIn = (r: Report, id: string) => r.clients.find((c) => c.client_id === id)!;
  const rulesOf = (c: ReportClient) => c.findings.map((f) => `${f.class}:${f.rule}${f.property ? `:${f.property}` : ''}`);

  let clean: string;
  let legacy: string;
  let flows: { id: string; secret: string };

  beforeAll(async () => {
    token = await t.token();
    clean = (await created('/api/v2/clients', { name: 'Clean partner', ...CLEAN })).client_id;
    legacy = (
      await created('/api/v2/clients', {
        name: 'Legacy partner',
        is_first_party: false,
        callbacks: ['https://*.partner.example.com/callback'],
        grant_types: ['authorization_code', 'implicit', 'client_credentials', 'refresh_token'],
        jwt_configuration: { alg: 'HS256' },
        sso: true,
        custom_login_page_on: true,
        custom_login_page: '<html><body>Classic Login</body></html>',
      })
    ).client_id;
    const f = await created('/api/v2/clients', { name: 'OIDC partner', ...CLEAN });
    flows = { id: f.client_id, secret: f.client_secret };
    t.clock.set(new Date('2026-06-01T00:00:00Z'));
    token = await t.token();
  });

  it('refuses a missing token (401) and a token without read:clients (403)', async () => {
    const none = await t.inject({ method: 'GET', url: REPORT });
    expect(none.statusCode).toBe(401);
    const narrow = await t.token(undefined, 'read:client_grants');
    const res = await t.inject({ method: 'GET', url: REPORT, headers: { authorization: `Bearer ${narrow}` } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ statusCode: 403, error: 'Forbidden', errorCode: 'insufficient_scope' });
    const bad = await call('GET', `${REPORT}?format=xml`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_query_string' });
  });

  it('lists every permissive third-party client with each violation of its configuration, and the tenant against the flip', async () => {
    // A strict and a first-party client are not in the report.
    await created('/api/v2/clients', { name: 'Strict one', is_first_party: false, third_party_security_mode: 'strict', callbacks: [CB] });
    await created('/api/v2/clients', { name: 'First party' });
    const r = await report();
    expect(r.phase).toBe('before_flip');
    expect(r.clients.map((c) => c.client_id).sort()).toEqual([clean, legacy, flows.id].sort());
    expect(r.summary).toEqual({ permissive_clients: 3, strict_ready: 2, with_findings: 1, findings_by_class: expect.any(Object) });
    expect(clientIn(r, clean)).toMatchObject({ name: 'Clean partner', strict_ready: true, findings: [] });
    expect(rulesOf(clientIn(r, legacy))).toEqual([
      'grant_types:grant_type_not_allowed:grant_types',
      'grant_types:grant_type_not_allowed:grant_types',
      'non_curated_properties:not_curated:sso',
      'non_curated_properties:not_curated:custom_login_page',
      'urls:wildcard_url:callbacks',
      'jwt_alg:alg_not_allowed:jwt_configuration.alg',
      'refresh_tokens:refresh_token_must_expire:refresh_token.expiration_type',
      'refresh_tokens:infinite_idle_not_allowed:refresh_token.infinite_idle_token_lifetime',
      'classic_login:classic_login_page:custom_login_page',
    ]);
    expect(clientIn(r, legacy).findings.find((f) => f.rule === 'wildcard_url')!.evidence).toEqual({ value: ['https://*.partner.example.com/callback'] });
    expect(r.tenant).toMatchObject({
      account: { eligible: true, source: 'pre_april_third_party_client', explanation: expect.stringContaining('created before April 2026') },
      create_permissive_third_party_clients_by_default: true,
      dynamic_client_registration: { enabled: false, security_mode: 'permissive', security_mode_setting: null },
      default_permissions: [],
      enabled_rules: 0,
      allow_all_apis: [],
      findings: [],
    });
  });

  it('agrees with POST /api/v2/clients: a twin it passes is created strict, a twin it flags is refused for the reasons it names', async () => {
    const r = await report();
    const ok = await call('POST', '/api/v2/clients', clientIn(r, clean).strict_twin);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ client_id: expect.stringMatching(/^tpc_/), third_party_security_mode: 'strict', name: 'Clean partner', callbacks: [CB] });

    const flagged = clientIn(r, legacy);
    const refused = await call('POST', '/api/v2/clients', flagged.strict_twin);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
    const configuration = flagged.findings.filter((f) => f.rule !== 'classic_login_page');
    for (const f of configuration) expect(refused.json().message).toContain(`'${f.message}' on property ${f.property}`);
    // …and nothing else: the refusal names exactly the configuration findings.
    expect(refused.json().message.split("' on property ").length - 1).toBe(configuration.length);
  });

  it('reads the flows in the tenant log: OIDC scopes, ID tokens, no PKCE, a non-domain connection, a legacy endpoint', async () => {
    await created('/api/v2/resource-servers', { identifier: API, name: 'Orders', scopes: [{ value: 'read:orders' }] });
    await created('/api/v2/connections', { name: 'partner-db', strategy: 'auth0', enabled_clients: [flows.id, clean] });
    await created('/api/v2/users', { connection: 'partner-db', email: EMAIL, password: PASSWORD });

    const query = new URLSearchParams({
      client_id: flows.id,
      redirect_uri: CB,
      response_type: 'code',
      audience: API,
      scope: 'openid profile read:orders',
      state: 's',
    });
    const login = await t.inject({ method: 'GET', url: `/authorize?${query}` });
    expect(login.statusCode).toBe(302);
    const code = new URL(login.headers.location as string).searchParams.get('code')!;
    const exchange = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'authorization_code', client_id: flows.id, client_secret: flows.secret, code, redirect_uri: CB },
    });
    expect(exchange.statusCode).toBe(200);
    expect(exchange.json().id_token).toEqual(expect.any(String));
    const ro = await t.inject({ method: 'POST', url: '/oauth/ro', payload: { client_id: flows.id, username: EMAIL, password: PASSWORD } });
    expect(ro.statusCode).toBe(400);

    // The clean client logs in with PKCE and API scopes only: its flows add nothing but the connection.
    const v = randomBytes(32).toString('base64url');
    const pkce = new URLSearchParams({
      client_id: clean,
      redirect_uri: CB,
      response_type: 'code',
      audience: API,
      scope: 'read:orders',
      code_challenge: createHash('sha256').update(v).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const cleanLogin = await t.inject({ method: 'GET', url: `/authorize?${pkce}` });
    expect(cleanLogin.statusCode).toBe(302);

    const r = await report();
    const c = clientIn(r, flows.id);
    expect(rulesOf(c)).toEqual([
      'oidc:oidc_scopes_used',
      'oidc:id_tokens_issued',
      'pkce:flow_without_pkce',
      'connections:non_domain_connection_used',
      'legacy_endpoints:legacy_endpoint_used',
      'api_access:api_reached_without_grant',
    ]);
    expect(c.findings[0]!.evidence).toMatchObject({ events: 2, scopes: ['openid', 'profile'] });
    expect(c.findings[2]!.evidence).toMatchObject({ events: 1 });
    expect(c.findings[3]!.evidence).toMatchObject({ events: 1, connections: ['partner-db'] });
    expect(c.findings[4]!.evidence).toMatchObject({ events: 1, endpoints: ['/oauth/ro'] });
    expect(c.findings[5]!.evidence).toMatchObject({ audience: API, policy: 'allow_all', as_strict: 'no_client_grant' });
    expect(rulesOf(clientIn(r, clean))).toEqual(['connections:non_domain_connection_used', 'api_access:api_reached_without_grant']);
    expect(r.tenant.allow_all_apis).toEqual([{ identifier: API, name: 'Orders', reached_without_grant_by: expect.arrayContaining([flows.id, clean, legacy]) }]);
    expect(r.tenant.findings.map((f) => f.rule)).toEqual(['allow_all_api_without_grant']);
  });

  it('follows the tenant: a default permission, DCR, an enabled Rule, a promoted connection, the toggle', async () => {
    await call('PATCH', '/api/v2/tenants/settings', { flags: { enable_dynamic_client_registration: true } });
    let r = await report();
    expect(r.tenant.dynamic_client_registration).toEqual({ enabled: true, security_mode: 'permissive', security_mode_setting: null });
    expect(r.tenant.findings.map((f) => f.rule)).toEqual(['dcr_without_default_permissions', 'allow_all_api_without_grant']);

    await created('/api/v2/client-grants', { default_for: 'third_party_clients', audience: API, scope: ['read:orders'], subject_type: 'user' });
    const connections = (await call('GET', '/api/v2/connections?name=partner-db')).json();
    expect((await call('PATCH', `/api/v2/connections/${connections[0].id}`, { is_domain_connection: true })).statusCode).toBe(200);
    await call('PATCH', '/api/v2/tenants/settings', { dynamic_client_registration_security_mode: 'strict' });
    await created('/api/v2/rules', { name: 'legacy-rule', script: 'function (user, context, callback) { callback(null, user, context); }', enabled: true });
    expect((await call('PATCH', '/ext/v1/migrations', { create_permissive_third_party_clients_by_default: false })).statusCode).toBe(200);

    r = await report();
    expect(r.tenant).toMatchObject({
      create_permissive_third_party_clients_by_default: false,
      dynamic_client_registration: { enabled: true, security_mode: 'strict', security_mode_setting: 'strict' },
      default_permissions: [{ audience: API, subject_type: 'user', scope: ['read:orders'] }],
      enabled_rules: 1,
      allow_all_apis: [{ identifier: API, reached_without_grant_by: [] }],
    });
    expect(r.tenant.findings.map((f) => f.rule)).toEqual(['enabled_rules']);
    // The clean client: nothing left but the tenant's Rule.
    expect(rulesOf(clientIn(r, clean))).toEqual(['rules:enabled_rules']);
    expect(rulesOf(clientIn(r, flows.id))).toEqual([
      'oidc:oidc_scopes_used',
      'oidc:id_tokens_issued',
      'pkce:flow_without_pkce',
      'legacy_endpoints:legacy_endpoint_used',
      'rules:enabled_rules',
    ]);

    t.clock.set(new Date('2026-11-01T00:00:00Z'));
    token = await t.token();
    r = await report();
    expect(r.phase).toBe('after_flip');
    expect(r.tenant.create_permissive_third_party_clients_by_default).toBe(false);
  });

  it('answers text for ?format=text and for Accept: text/plain, one line per finding', async () => {
    const byQuery = await call('GET', `${REPORT}?format=text`);
    const byAccept = await call('GET', REPORT, undefined, { accept: 'text/plain' });
    for (const res of [byQuery, byAccept]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toContain('Permissive third-party clients: 3');
      expect(res.body).toMatch(new RegExp(`^Legacy partner \\(${legacy}\\): \\d+ findings$`, 'm'));
      expect(res.body).toMatch(/^ {2}- \[jwt_alg\/alg_not_allowed\] jwt_configuration\.alg: /m);
    }
    const withoutInstant = (body: string) => body.split('\n').slice(1).join('\n');
    expect(withoutInstant(byQuery.body)).toBe(withoutInstant(byAccept.body));
    // JSON stays the default, and wins when preferred.
    expect((await call('GET', REPORT, undefined, { accept: 'application/json, text/plain' })).headers['content-type']).toMatch(/^application\/json/);
  });
});
