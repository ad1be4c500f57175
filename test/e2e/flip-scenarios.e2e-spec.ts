import { createHash, randomBytes } from 'crypto';
import type { LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';
import { ControlPlaneTenant, controlPlane, createTestApp, TestApp } from '@gatehouse/testing';
import { Report, ReportClient, ROTATING_EXPIRING, thirdPartyWebApp } from './support/migration-report';

/**
 * Rehearsing the flip (issue 14 §5): seed 001's four "Common scenarios" end to end, each on one database,
 * the way a user rehearses them. The control plane creates an account whose recorded history makes it
 * eligible for permissive mode and a tenant under it; the clock API (PUT /ext/v1/clock, root credential)
 * walks the one clock across October 23, 2026; the applications log in for real (/authorize in the CI
 * test mode, /oauth/token with PKCE, /oidc/register, the legacy endpoints), and GET /ext/v1/migration-report
 * is read before and after. What the report says of a client is what then happens to it: a client it
 * passes works as strict, one it flags is refused for the very reason it names.
 */

const ROOT = 'root-credential-for-the-flip-scenarios-0123456789';
const EMAIL = 'rehearsal@example.com';
const PASSWORD = 'Correct-Horse-Battery-9';
const BEFORE_FLIP = '2026-09-01T09:00:00Z';
const FLIP = Date.parse('2026-10-23T00:00:00Z');

const rulesOf = (c: ReportClient) => c.findings.map((f) => `${f.class}:${f.rule}`);
/**
 * The error page /authorize renders for an application whose redirection_policy is
 * open_redirect_protection (the default of third-party applications): its error code and description.
 */
const errorPage = (r: { status: number; redirect?: URLSearchParams; body: string }) => {
  expect(r.status).toBe(400);
  expect(r.redirect).toBeUndefined();
  const m = /<strong>([a-z_]+)<\/strong>: ([^<]*)<\/p>/.exec(r.body);
  if (!m) throw new Error(`not an error page: ${r.body.slice(0, 200)}`);
  return {
    error: m[1]!,
    description: m[2]!
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  };
};
const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/**
 * One rehearsal: an app on a fresh database with the clock API on and the CI test login, and a tenant of
 * its own, made through the control plane for an account that had third-party applications before April
 * 2026 (so permissive mode is possible), with a domain-level database connection and the test user.
 */
function rehearsal(domain: string) {
  let t: TestApp;
  let tenant: ControlPlaneTenant;
  let token: string | undefined;

  const { root, createAccount, createTenant, tokenOf } = controlPlane(() => t, ROOT);

  const s = {
    get t() {
      return t;
    },
    get host() {
      return tenant.domain;
    },
    /** PUT /ext/v1/clock, as a user moves the clock; the Management API token is minted anew afterwards. */
    async clockTo(iso: string) {
      const res = await root('PUT', '/ext/v1/clock', { now: iso });
      expect(res.statusCode).toBe(200);
      expect(Math.abs(Date.parse(res.json().now) - Date.parse(iso))).toBeLessThan(5_000);
      token = undefined;
    },
    async mgmt(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
      token ??= await tokenOf(tenant);
      return t.inject({
        method,
        url,
        host: tenant.domain,
        headers: { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    },
    async created(url: string, payload: unknown) {
      const res = await s.mgmt('POST', url, payload);
      if (res.statusCode !== 201) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async report(): Promise<Report> {
      const res = await s.mgmt('GET', '/ext/v1/migration-report');
      expect(res.statusCode).toBe(200);
      return res.json();
    },
    async toggle(): Promise<boolean> {
      const res = await s.mgmt('GET', '/ext/v1/migrations');
      expect(res.statusCode).toBe(200);
      return res.json().create_permissive_third_party_clients_by_default;
    },
    /**
     * GET /authorize (the test user logs in and consents), then the code exchange: the redirect's
     * parameters, and the token response when a code came back.
     */
    async login(
      client: { id: string; secret?: string; callback: string },
      params: Record<string, string>,
      opts: { pkce?: boolean } = {},
    ): Promise<{ status: number; redirect?: URLSearchParams; body: string; tokens?: Record<string, unknown>; tokenStatus?: number }> {
      const pkce = opts.pkce === false ? undefined : pkcePair();
      const query = new URLSearchParams({
        client_id: client.id,
        redirect_uri: client.callback,
        response_type: 'code',
        state: randomBytes(8).toString('hex'),
        ...(pkce ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
        ...params,
      });
      const authorize = await t.inject({ method: 'GET', url: `/authorize?${query}`, host: tenant.domain });
      if (authorize.statusCode !== 302) return { status: authorize.statusCode, body: authorize.body };
      const redirect = new URL(authorize.headers.location as string).searchParams;
      const code = redirect.get('code');
      if (!code) return { status: 302, redirect, body: authorize.body };
      const exchange = await t.inject({
        method: 'POST',
        url: '/oauth/token',
        host: tenant.domain,
        payload: {
          grant_type: 'authorization_code',
          client_id: client.id,
          ...(client.secret ? { client_secret: client.secret } : {}),
          code,
          redirect_uri: client.callback,
          ...(pkce ? { code_verifier: pkce.verifier } : {}),
        },
      });
      return { status: 302, redirect, body: authorize.body, tokens: exchange.json(), tokenStatus: exchange.statusCode };
    },
    async refresh(client: { id: string; secret?: string }, refreshToken: string) {
      return t.inject({
        method: 'POST',
        url: '/oauth/token',
        host: tenant.domain,
        payload: { grant_type: 'refresh_token', client_id: client.id, ...(client.secret ? { client_secret: client.secret } : {}), refresh_token: refreshToken },
      });
    },
  };

  beforeAll(async () => {
    t = await createTestApp({
      now: new Date(BEFORE_FLIP),
      env: { GATEHOUSE_ROOT_TOKEN: ROOT, GATEHOUSE_CLOCK_API: 'on', GATEHOUSE_TEST_LOGIN: EMAIL },
    });
    const account = await createAccount({
      name: `Owner of ${domain}`,
      history: { third_party_applications_before_april_2026: true, since: '2025-11-15T00:00:00Z' },
    });
    expect(account.eligibility).toMatchObject({ eligible: true, source: 'recorded_history' });
    tenant = await createTenant(account.id, domain);
    // Strict third-party applications log in through domain-level connections only.
    await s.created('/api/v2/connections', { name: 'partners-db', strategy: 'auth0', is_domain_connection: true });
    await s.created('/api/v2/users', { connection: 'partners-db', email: EMAIL, password: PASSWORD });
  });
  afterAll(() => t.close());

  return s;
}

describe('Scenario 1: a partner integration with code + PKCE adopts strict with default permissions, then completes the migration', () => {
  const s = rehearsal('partner.localhost:3000');
  const API = 'https://orders.example.com/';
  const CB = 'https://partner.example.com/callback';
  const PARTNER = thirdPartyWebApp(CB, { leeway: 0, infinite_token_lifetime: false });
  const scope = { audience: API, scope: 'read:orders offline_access' };

  it('walks from permissive by default, through the report, default permissions and the toggle, across the flip', async () => {
    await s.created('/api/v2/resource-servers', {
      identifier: API,
      name: 'Orders',
      allow_offline_access: true,
      scopes: [{ value: 'read:orders' }, { value: 'write:orders' }],
    });

    // Before the flip, the eligible tenant's toggle is on: a new third-party application is permissive.
    expect(await s.toggle()).toBe(true);
    const permissive = await s.created('/api/v2/clients', { name: 'Partner', ...PARTNER });
    expect(permissive).toMatchObject({ third_party_security_mode: 'permissive', client_id: expect.not.stringMatching(/^tpc_/) });
    const partner = { id: permissive.client_id, secret: permissive.client_secret, callback: CB };
    const used = await s.login(partner, scope);
    expect(used.tokenStatus).toBe(200);
    expect(decodeJwt(used.tokens!.access_token as string)).toMatchObject({ aud: API, scope: 'read:orders offline_access' });

    // The report: its configuration is ready, but it reaches the API through allow_all without a grant.
    let report = await s.report();
    expect(report.phase).toBe('before_flip');
    expect(report.tenant).toMatchObject({ create_permissive_third_party_clients_by_default: true, default_permissions: [] });
    expect(report.tenant.findings.map((f) => f.rule)).toEqual(['allow_all_api_without_grant']);
    let entry = report.clients.find((c) => c.client_id === partner.id)!;
    expect(rulesOf(entry)).toEqual(['api_access:api_reached_without_grant']);
    expect(entry.findings[0]!.evidence).toMatchObject({ audience: API, policy: 'allow_all', as_strict: 'no_client_grant' });

    // Step 1 of seed 001: test a strict application. Its twin is created strict, and is refused the API
    // for the reason the report names: no grant.
    const twin = await s.created('/api/v2/clients', { ...entry.strict_twin, name: 'Partner (strict)', third_party_security_mode: 'strict' });
    expect(twin).toMatchObject({ client_id: expect.stringMatching(/^tpc_/), third_party_security_mode: 'strict' });
    const strict = { id: twin.client_id, secret: twin.client_secret, callback: CB };
    expect(errorPage(await s.login(strict, scope))).toEqual({
      error: 'access_denied',
      description: expect.stringMatching(/always need an explicit client grant.*No grant for https:\/\/orders\.example\.com\/ with subject_type user/),
    });

    // Step 2: default permissions for third-party applications. The report then passes the partner…
    await s.created('/api/v2/client-grants', { default_for: 'third_party_clients', audience: API, scope: ['read:orders'], subject_type: 'user' });
    report = await s.report();
    entry = report.clients.find((c) => c.client_id === partner.id)!;
    expect(entry).toMatchObject({ strict_ready: true, findings: [] });
    expect(report.tenant.findings).toEqual([]);
    expect(report.tenant.default_permissions).toEqual([{ audience: API, subject_type: 'user', scope: ['read:orders'] }]);

    // …and the strict application works (step 3, validate compatibility): code + PKCE, default scopes only.
    const works = await s.login(strict, { audience: API, scope: 'read:orders write:orders offline_access' });
    expect(works.tokenStatus).toBe(200);
    expect(decodeJwt(works.tokens!.access_token as string)).toMatchObject({ aud: API, scope: 'read:orders offline_access', azp: strict.id });
    expect(works.tokens!.id_token).toBeUndefined();
    // Strict means PKCE: the same flow without it is refused.
    expect(errorPage(await s.login(strict, scope, { pkce: false }))).toEqual({
      error: 'invalid_request',
      description: expect.stringContaining('PKCE is required'),
    });

    // Step 4: complete the migration — the toggle off. New third-party applications are strict by default.
    const off = await s.mgmt('PATCH', '/ext/v1/migrations', { create_permissive_third_party_clients_by_default: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({ create_permissive_third_party_clients_by_default: false });
    expect((await s.created('/api/v2/clients', { name: 'Next partner', ...PARTNER })).third_party_security_mode).toBe('strict');

    // Across the flip: a refresh token issued just before it is redeemed just after it; both applications keep working.
    await s.clockTo('2026-10-22T23:50:00Z');
    expect((await s.report()).phase).toBe('before_flip');
    const lastBefore = await s.login(strict, scope);
    expect(lastBefore.tokenStatus).toBe(200);
    await s.clockTo('2026-10-23T00:10:00Z');
    expect(Date.parse((await s.t.inject({ method: 'GET', url: '/readyz' })).json().now)).toBeGreaterThan(FLIP);
    const refreshed = await s.refresh(strict, lastBefore.tokens!.refresh_token as string);
    expect(refreshed.json()).toMatchObject({ access_token: expect.any(String) });
    expect(refreshed.statusCode).toBe(200);
    expect(decodeJwt(refreshed.json().access_token)).toMatchObject({ aud: API, scope: 'read:orders offline_access' });
    expect((await s.login(strict, scope)).tokenStatus).toBe(200);
    expect((await s.login(partner, scope)).tokenStatus).toBe(200);

    // After the flip the toggle is off for good; the report says so and still passes the partner.
    expect(await s.toggle()).toBe(false);
    const on = await s.mgmt('PATCH', '/ext/v1/migrations', { create_permissive_third_party_clients_by_default: true });
    expect(on.statusCode).toBe(400);
    report = await s.report();
    expect(report.phase).toBe('after_flip');
    expect(report.tenant.create_permissive_third_party_clients_by_default).toBe(false);
    expect(report.clients.map((c) => c.client_id)).toEqual([partner.id]);
    expect(report.clients[0]).toMatchObject({ strict_ready: true, findings: [] });
  });
});

describe('Scenario 2: an OIDC-dependent application keeps working only as permissive; its strict twin is refused openid', () => {
  const s = rehearsal('oidc.localhost:3000');
  const CB = 'https://portal.example.com/callback';
  const APP = thirdPartyWebApp(CB);
  const OIDC = { scope: 'openid profile email', nonce: 'n-0S6_WzA2Mj' };

  it('gets ID tokens as permissive before and after the flip, the report names OIDC, and the strict twin is refused invalid_scope for it', async () => {
    const created = await s.created('/api/v2/clients', { name: 'Portal', ...APP, third_party_security_mode: 'permissive' });
    expect(created.third_party_security_mode).toBe('permissive');
    const portal = { id: created.client_id, secret: created.client_secret, callback: CB };

    // Before anything ran, its configuration is all the report can judge: ready.
    let report = await s.report();
    expect(report.clients.find((c) => c.client_id === portal.id)).toMatchObject({ strict_ready: true, findings: [] });

    const signedIn = await s.login(portal, OIDC);
    expect(signedIn.tokenStatus).toBe(200);
    expect(decodeJwt(signedIn.tokens!.id_token as string)).toMatchObject({ aud: portal.id, nonce: OIDC.nonce, email: EMAIL });

    // Once it has been used, the report names what strict would take away: OIDC scopes and ID tokens.
    report = await s.report();
    let entry = report.clients.find((c) => c.client_id === portal.id)!;
    expect(rulesOf(entry)).toEqual(['oidc:oidc_scopes_used', 'oidc:id_tokens_issued']);
    // One login and its code exchange: two events of the tenant log.
    expect(entry.findings[0]!.evidence).toMatchObject({ events: 2, scopes: ['openid', 'profile', 'email'] });

    // The strict twin: its configuration is accepted, and it is refused for the reason the report named.
    const twin = await s.created('/api/v2/clients', { ...entry.strict_twin, name: 'Portal (strict)', third_party_security_mode: 'strict' });
    expect(twin.client_id).toMatch(/^tpc_/);
    const strict = { id: twin.client_id, secret: twin.client_secret, callback: CB };
    expect(errorPage(await s.login(strict, OIDC))).toEqual({
      error: 'invalid_scope',
      description: 'OIDC scopes (openid, profile, email) are not supported for third-party applications in strict mode',
    });
    expect(errorPage(await s.login(strict, { scope: 'openid' }))).toMatchObject({ error: 'invalid_scope' });

    // Seed 001's advice, Option B: keep permissive. After the flip the existing application keeps its ID
    // tokens, and the eligible account may still create a permissive one, if it says so explicitly.
    await s.clockTo('2026-11-02T08:00:00Z');
    const after = await s.login(portal, OIDC);
    expect(after.tokenStatus).toBe(200);
    expect(decodeJwt(after.tokens!.id_token as string)).toMatchObject({ aud: portal.id, iat: expect.any(Number) });
    expect((decodeJwt(after.tokens!.id_token as string).iat as number) * 1000).toBeGreaterThan(FLIP);
    expect((await s.created('/api/v2/clients', { name: 'Portal (default)', ...APP })).third_party_security_mode).toBe('strict');
    const explicit = await s.created('/api/v2/clients', { name: 'Portal 2', ...APP, third_party_security_mode: 'permissive' });
    expect(explicit.third_party_security_mode).toBe('permissive');
    const second = await s.login({ id: explicit.client_id, secret: explicit.client_secret, callback: CB }, OIDC);
    expect(second.tokens!.id_token).toEqual(expect.any(String));
    expect(errorPage(await s.login(strict, OIDC))).toMatchObject({ error: 'invalid_scope' });

    report = await s.report();
    expect(report.phase).toBe('after_flip');
    entry = report.clients.find((c) => c.client_id === portal.id)!;
    expect(rulesOf(entry)).toEqual(['oidc:oidc_scopes_used', 'oidc:id_tokens_issued']);
    expect(entry.findings[0]!.evidence).toMatchObject({ events: 4 });
    expect(rulesOf(report.clients.find((c) => c.client_id === explicit.client_id)!)).toEqual(['oidc:oidc_scopes_used', 'oidc:id_tokens_issued']);
    expect(report.clients.map((c) => c.client_id)).not.toContain(strict.id);
  });
});

describe('Scenario 3: DCR for MCP agents — strict DCR mode with default permissions; a registered client obtains a token', () => {
  const s = rehearsal('mcp.localhost:3000');
  const MCP = 'https://mcp.example.com/';
  const CB = 'http://127.0.0.1:33418/callback';
  const register = (name: string) =>
    s.t.inject({
      method: 'POST',
      url: '/oidc/register',
      host: s.host,
      payload: {
        client_name: name,
        redirect_uris: [CB],
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    });
  // An MCP client names the server with RFC 8707's resource parameter.
  const asMcp = { resource: MCP, scope: 'tools:read tools:call' };

  it('moves DCR from permissive to strict after default permissions, and registered agents get tokens on both sides of the flip', async () => {
    await s.created('/api/v2/resource-servers', { identifier: MCP, name: 'MCP server', scopes: [{ value: 'tools:read' }, { value: 'tools:call' }] });
    expect(
      (await s.mgmt('PATCH', '/api/v2/tenants/settings', { flags: { enable_dynamic_client_registration: true }, resource_parameter_profile: 'compatibility' }))
        .statusCode,
    ).toBe(200);

    // Before: DCR on, mode unset (permissive for an eligible account), no default permission.
    let report = await s.report();
    expect(report.tenant.dynamic_client_registration).toEqual({ enabled: true, security_mode: 'permissive', security_mode_setting: null });
    expect(report.tenant.findings.map((f) => f.rule)).toContain('dcr_without_default_permissions');
    const early = await register('Agent registered while DCR is permissive');
    expect(early.statusCode).toBe(201);
    expect(early.json().client_id).not.toMatch(/^tpc_/);
    expect((await s.mgmt('GET', `/api/v2/clients/${early.json().client_id}`)).json()).toMatchObject({
      third_party_security_mode: 'permissive',
      is_first_party: false,
    });

    // Seed 001: default permissions first, then strict DCR mode.
    await s.created('/api/v2/client-grants', { default_for: 'third_party_clients', audience: MCP, scope: ['tools:read'], subject_type: 'user' });
    const strictMode = await s.mgmt('PATCH', '/api/v2/tenants/settings', { dynamic_client_registration_security_mode: 'strict' });
    expect(strictMode.statusCode).toBe(200);
    report = await s.report();
    expect(report.tenant.dynamic_client_registration).toEqual({ enabled: true, security_mode: 'strict', security_mode_setting: 'strict' });
    expect(report.tenant.default_permissions).toEqual([{ audience: MCP, subject_type: 'user', scope: ['tools:read'] }]);
    expect(report.tenant.findings.map((f) => f.rule)).not.toContain('dcr_without_default_permissions');
    // The permissive agent registered earlier stays permissive and stays in the report; strict ones never are.
    expect(report.clients.map((c) => c.client_id)).toEqual([early.json().client_id]);

    // An agent registers (no token: open registration) and obtains a token: /authorize with PKCE, code exchange as a public client.
    const agent = await register('Claude Code');
    expect(agent.statusCode).toBe(201);
    expect(agent.json()).toMatchObject({ client_id: expect.stringMatching(/^tpc_/), token_endpoint_auth_method: 'none', redirect_uris: [CB] });
    expect(agent.json().client_secret).toBeUndefined();
    const mcpClient = { id: agent.json().client_id as string, callback: CB };
    expect((await s.mgmt('GET', `/api/v2/clients/${mcpClient.id}`)).json()).toMatchObject({ third_party_security_mode: 'strict', app_type: 'native' });
    const got = await s.login(mcpClient, asMcp);
    expect(got.tokenStatus).toBe(200);
    expect(decodeJwt(got.tokens!.access_token as string)).toMatchObject({ aud: MCP, scope: 'tools:read', azp: mcpClient.id });
    expect(got.tokens!.id_token).toBeUndefined();
    // Without PKCE, or asking for OIDC, a strict agent is refused.
    expect(errorPage(await s.login(mcpClient, asMcp, { pkce: false }))).toMatchObject({ error: 'invalid_request' });
    expect(errorPage(await s.login(mcpClient, { ...asMcp, scope: 'openid tools:read' }))).toMatchObject({ error: 'invalid_scope' });

    // Across the flip nothing changes for DCR: its mode is its own setting, independent of the deprecation.
    await s.clockTo('2026-10-23T00:00:30Z');
    const later = await register('VS Code');
    expect(later.statusCode).toBe(201);
    expect(later.json().client_id).toMatch(/^tpc_/);
    const after = await s.login({ id: later.json().client_id, callback: CB }, asMcp);
    expect(after.tokenStatus).toBe(200);
    expect(decodeJwt(after.tokens!.access_token as string)).toMatchObject({ aud: MCP, scope: 'tools:read' });
    expect((await s.login(mcpClient, asMcp)).tokenStatus).toBe(200);

    report = await s.report();
    expect(report.phase).toBe('after_flip');
    expect(report.tenant.dynamic_client_registration.security_mode).toBe('strict');
    expect(report.tenant.findings.map((f) => f.rule)).not.toContain('dcr_without_default_permissions');
    expect(report.clients.map((c) => c.client_id)).toEqual([early.json().client_id]);
  });
});

describe('Scenario 4: a Classic Login application — strict refuses the legacy path, permissive keeps it', () => {
  const s = rehearsal('classic.localhost:3000');
  const CB = 'https://legacy.example.com/callback';
  const API = 'https://legacy-api.example.com/';
  const CLASSIC = {
    name: 'Legacy app',
    is_first_party: false,
    app_type: 'regular_web',
    callbacks: [CB],
    grant_types: ['authorization_code', 'refresh_token'],
    refresh_token: ROTATING_EXPIRING,
    custom_login_page_on: true,
    custom_login_page: '<html><body>Classic Login: the app posts the credentials to /oauth/ro</body></html>',
  };
  const ro = (clientId: string) =>
    s.t.inject({
      method: 'POST',
      url: '/oauth/ro',
      host: s.host,
      payload: { client_id: clientId, username: EMAIL, password: PASSWORD, connection: 'partners-db', scope: 'openid' },
    });
  const logout = (clientId: string) => s.t.inject({ method: 'GET', url: `/v2/logout?client_id=${clientId}&returnTo=${encodeURIComponent(CB)}`, host: s.host });
  const signup = (clientId: string) =>
    s.t.inject({
      method: 'POST',
      url: '/dbconnections/signup',
      host: s.host,
      payload: { client_id: clientId, connection: 'partners-db', email: 'new@example.com', password: PASSWORD },
    });

  it('the report names Classic Login and the legacy endpoints; the strict twin is refused them, the permissive app keeps them across the flip', async () => {
    const created = await s.created('/api/v2/clients', CLASSIC);
    expect(created.third_party_security_mode).toBe('permissive');
    const classic = created.client_id as string;

    // Permissive: the legacy endpoints answer as Gatehouse answers any non-strict application (not emulated, 400), never as a strict refusal.
    for (const res of [await ro(classic), await logout(classic)]) {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'invalid_request', error_description: expect.stringContaining('is not emulated by Gatehouse') });
    }

    let report = await s.report();
    let entry = report.clients.find((c) => c.client_id === classic)!;
    expect(rulesOf(entry)).toEqual(['non_curated_properties:not_curated', 'classic_login:classic_login_page', 'legacy_endpoints:legacy_endpoint_used']);
    expect(entry.findings[0]).toMatchObject({ property: 'custom_login_page' });
    expect(entry.findings[2]!.evidence).toMatchObject({ events: 2, endpoints: ['/oauth/ro', '/v2/logout'] });

    // The strict twin is refused at creation for the configuration the report names…
    const refused = await s.mgmt('POST', '/api/v2/clients', { ...entry.strict_twin, third_party_security_mode: 'strict' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      errorCode: 'invalid_body',
      message: expect.stringContaining(`'${entry.findings[0]!.message}' on property custom_login_page`),
    });
    // …and once migrated to Universal Login (no login page of its own), refused the legacy path, naming the restriction.
    const universal = Object.fromEntries(Object.entries(entry.strict_twin).filter(([k]) => !k.startsWith('custom_login_page')));
    const twin = await s.created('/api/v2/clients', { ...universal, name: 'Legacy app (Universal Login)', third_party_security_mode: 'strict' });
    expect(twin.client_id).toMatch(/^tpc_/);
    const restrictions: [LightMyRequestResponse, RegExp][] = [
      [await ro(twin.client_id), /legacy \/oauth\/ro endpoint/],
      [await logout(twin.client_id), /Logout endpoints/],
      [await signup(twin.client_id), /Non-OAuth Authentication API endpoints \(\/dbconnections\/\*\)/],
    ];
    for (const [res, names] of restrictions) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'unauthorized_client', error_description: expect.stringMatching(names) });
      expect(res.json().error_description).toMatch(/strict third-party applications|third-party applications in strict mode/i);
    }
    // Universal Login (/authorize, code + PKCE) works for it, given a default permission on the API.
    await s.created('/api/v2/resource-servers', { identifier: API, name: 'Legacy API', scopes: [{ value: 'read:data' }] });
    await s.created('/api/v2/client-grants', { default_for: 'third_party_clients', audience: API, scope: ['read:data'], subject_type: 'user' });
    const universalLogin = await s.login({ id: twin.client_id, secret: twin.client_secret, callback: CB }, { audience: API, scope: 'read:data' });
    expect(universalLogin.tokenStatus).toBe(200);
    expect(decodeJwt(universalLogin.tokens!.access_token as string)).toMatchObject({ aud: API, scope: 'read:data', azp: twin.client_id });

    // After the flip the permissive application keeps its legacy path, and the strict one stays refused.
    await s.clockTo('2026-12-01T00:00:00Z');
    expect((await ro(classic)).json()).toMatchObject({ error: 'invalid_request' });
    expect((await signup(classic)).statusCode).toBe(400);
    expect((await ro(twin.client_id)).statusCode).toBe(403);
    report = await s.report();
    expect(report.phase).toBe('after_flip');
    entry = report.clients.find((c) => c.client_id === classic)!;
    expect(entry.strict_ready).toBe(false);
    expect(entry.findings[2]!.evidence).toMatchObject({ events: 4, endpoints: ['/oauth/ro', '/v2/logout', '/dbconnections/signup'] });
    expect(report.clients.map((c) => c.client_id)).toEqual([classic]);
  });
});
