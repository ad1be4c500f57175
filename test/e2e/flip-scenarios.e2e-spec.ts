import { createHash, randomBytes } from 'crypto';
import type { LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';
import { createTestApp, TestApp } from '@gatehouse/testing';

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

interface Finding {
  class: string;
  rule: string;
  property?: string;
  message: string;
  evidence?: Record<string, unknown>;
}
interface ReportClient {
  client_id: string;
  name: string;
  strict_ready: boolean;
  findings: Finding[];
  strict_twin: Record<string, unknown>;
}
interface Report {
  phase: 'before_flip' | 'after_flip';
  tenant: {
    account: { eligible: boolean; source: string; explanation: string };
    create_permissive_third_party_clients_by_default: boolean;
    dynamic_client_registration: { enabled: boolean; security_mode: string; security_mode_setting: string | null };
    default_permissions: { audience: string; subject_type: string; scope: string[] }[];
    findings: Finding[];
  };
  clients: ReportClient[];
}
interface ControlPlaneTenant {
  id: string;
  domain: string;
  management_api_audience: string;
  admin_application: { client_id: string; client_secret: string };
}

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

  const root = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.inject({ method, url, headers: { authorization: `Bearer ${ROOT}` }, ...(payload ? { payload } : {}) });

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
      if (!token) {
        const res = await t.inject({
          method: 'POST',
          url: '/oauth/token',
          host: tenant.domain,
          payload: {
            grant_type: 'client_credentials',
            client_id: tenant.admin_application.client_id,
            client_secret: tenant.admin_application.client_secret,
            audience: tenant.management_api_audience,
          },
        });
        expect(res.statusCode).toBe(200);
        token = res.json().access_token as string;
      }
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
    const account = await root('POST', '/ext/v1/accounts', {
      name: `Owner of ${domain}`,
      history: { third_party_applications_before_april_2026: true, since: '2025-11-15T00:00:00Z' },
    });
    expect(account.statusCode).toBe(201);
    expect(account.json().eligibility).toMatchObject({ eligible: true, source: 'recorded_history' });
    const created = await root('POST', '/ext/v1/tenants', { account_id: account.json().id, domain });
    expect(created.statusCode).toBe(201);
    tenant = created.json();
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
  const PARTNER = {
    is_first_party: false,
    app_type: 'regular_web',
    token_endpoint_auth_method: 'client_secret_post',
    callbacks: [CB],
    grant_types: ['authorization_code', 'refresh_token'],
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600 },
    refresh_token: {
      rotation_type: 'rotating',
      expiration_type: 'expiring',
      leeway: 0,
      token_lifetime: 86400,
      infinite_token_lifetime: false,
      idle_token_lifetime: 3600,
      infinite_idle_token_lifetime: false,
    },
  };
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
