import { createHash, randomBytes } from 'crypto';
import type { LightMyRequestResponse } from 'fastify';
import { FlowStateRepository, hashSecret } from '@gatehouse/authorization';
import { LogWriter } from '@gatehouse/logs';
import { createTestApp, TestApp, useTestApp } from '@gatehouse/testing';

/**
 * GET /authorize, the login and consent pages (issue 11 §1, §2) over HTTP: strict, permissive and
 * first-party clients; errors as pages or redirects (with state and iss); PKCE, the parameter
 * allow-list, OIDC scopes, audience/resource, Rules, domain connections; login, CSRF, the session,
 * consent remembered and asked again; prompt=none; isolation; malformed input; the CI test mode.
 */

const CB = 'https://app.example.com/callback';
const API = 'https://orders.example.com/';
const OTHER_API = 'https://other.example.com/';
const PASSWORD = 'Correct-Horse-Battery-9';

const verifier = () => randomBytes(32).toString('base64url');
const challengeOf = (v: string) => createHash('sha256').update(v).digest('base64url');

type Params = Record<string, string | string[]>;
function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) q.append(k, x);
  return q.toString();
}

/** The hidden fields of a page's form. */
function formOf(res: LightMyRequestResponse): { transaction: string; csrf: string; action: string } {
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(res.body)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(res.body)?.[1];
  const transaction = value('transaction');
  const csrf = value('csrf');
  if (!transaction || !csrf || !action) throw new Error(`no form in: ${res.statusCode} ${res.body.slice(0, 400)}`);
  return { transaction, csrf, action };
}

function cookieOf(res: LightMyRequestResponse, name: string) {
  return res.cookies.find((c) => c.name === name);
}

function location(res: LightMyRequestResponse): URL {
  expect(res.statusCode).toBe(302);
  return new URL(String(res.headers.location));
}

function expectPage(res: LightMyRequestResponse, status: number, error?: string) {
  expect({ status: res.statusCode, body: res.statusCode === status ? '' : res.body.slice(0, 500) }).toEqual({ status, body: '' });
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
  expect(res.body).not.toMatch(/<script/i);
  if (error) expect(res.body).toContain(`<strong>${error}</strong>`);
}

describe('GET /authorize and the login and consent pages', () => {
  // Permissive clients exist only from before April 2026: the app starts then, and the clock moves on.
  const app = useTestApp({ now: new Date('2026-03-01T00:00:00Z') });
  const { t } = app;
  let token: string;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const created = async (url: string, payload: unknown) => {
    const res = await call('POST', url, payload);
    if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  let permissive: string;
  let strict: string;
  let strictAllow: string;
  let firstParty: string;
  let alice: string;
  let blockedEmail: string;

  beforeAll(async () => {
    token = await t.token();
    permissive = (
      await created('/api/v2/clients', {
        name: 'Permissive App',
        is_first_party: false,
        callbacks: [CB],
        grant_types: ['authorization_code', 'implicit', 'refresh_token'],
      })
    ).client_id;
    t.clock.set(new Date('2026-12-01T00:00:00Z'));
    token = await t.token();
    await created('/api/v2/resource-servers', {
      identifier: API,
      name: 'Orders',
      scopes: [{ value: 'read:orders', description: 'Read your <orders>' }, { value: 'write:orders' }],
    });
    await created('/api/v2/resource-servers', { identifier: OTHER_API, name: 'Other', scopes: [{ value: 'read:other' }] });
    strict = (await created('/api/v2/clients', { name: 'Strict & "App"', is_first_party: false, third_party_security_mode: 'strict', callbacks: [CB] }))
      .client_id;
    strictAllow = (
      await created('/api/v2/clients', {
        name: 'Strict Allow',
        is_first_party: false,
        third_party_security_mode: 'strict',
        callbacks: [CB],
        redirection_policy: 'allow_always',
      })
    ).client_id;
    firstParty = (await created('/api/v2/clients', { name: 'First Party', callbacks: [CB], grant_types: ['authorization_code', 'refresh_token'] })).client_id;
    for (const c of [strict, strictAllow])
      await created('/api/v2/client-grants', { client_id: c, audience: API, scope: ['read:orders', 'write:orders'], subject_type: 'user' });
    const domain = await created('/api/v2/connections', { name: 'domain-db', strategy: 'auth0', is_domain_connection: true });
    const priv = await created('/api/v2/connections', { name: 'private-db', strategy: 'auth0' });
    for (const conn of [domain.id, priv.id]) {
      const res = await call(
        'PATCH',
        `/api/v2/connections/${conn}/clients`,
        [firstParty, permissive, strict].map((client_id) => ({ client_id, status: true })),
      );
      expect(res.statusCode).toBeLessThan(300);
    }
    alice = (await created('/api/v2/users', { connection: 'domain-db', email: 'alice@example.com', password: PASSWORD, name: 'Alice' })).user_id;
    await created('/api/v2/users', { connection: 'private-db', email: 'bob@example.com', password: PASSWORD });
    blockedEmail = 'mallory@example.com';
    const mallory = await created('/api/v2/users', { connection: 'domain-db', email: blockedEmail, password: PASSWORD });
    expect((await call('PATCH', `/api/v2/users/${encodeURIComponent(mallory.user_id)}`, { blocked: true })).statusCode).toBe(200);
  });

  const codeRequest = (client: string, over: Params = {}): Params => {
    const v = verifier();
    return {
      client_id: client,
      redirect_uri: CB,
      response_type: 'code',
      state: 'st-123',
      audience: API,
      scope: 'read:orders',
      code_challenge: challengeOf(v),
      code_challenge_method: 'S256',
      ...over,
    };
  };
  const authorize = (params: Params, cookies: Record<string, string> = {}, host?: string) =>
    t.inject({ method: 'GET', url: `/authorize?${query(params)}`, cookies, ...(host ? { host } : {}) });
  const post = (path: string, form: Record<string, string>, cookies: Record<string, string>) =>
    t.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
      cookies,
    });

  /** GET /authorize, then the login form with these credentials. */
  async function logIn(params: Params, email = 'alice@example.com', password = PASSWORD, connection = 'domain-db') {
    const page = await authorize(params);
    expectPage(page, 200);
    const f = formOf(page);
    expect(f.action).toBe('/u/login');
    const tx = cookieOf(page, 'gh_tx')!;
    const res = await post('/u/login', { transaction: f.transaction, csrf: f.csrf, email, password, connection }, { gh_tx: tx.value });
    return { page, res, tx: tx.value };
  }

  describe('errors before and after the client is identified', () => {
    it('an unknown client: an error page with the strict headers, never a redirect', async () => {
      const res = await authorize(codeRequest('tpc_unknownclient'));
      expectPage(res, 400, 'invalid_request');
      expect(res.body).toContain('Unknown client: tpc_unknownclient');
      expect(res.headers.location).toBeUndefined();
    });

    it('a redirect_uri that is not exactly a callback: an error page, for every kind of client', async () => {
      for (const c of [strictAllow, permissive, firstParty]) {
        const res = await authorize(codeRequest(c, { redirect_uri: `${CB}/other` }));
        expectPage(res, 400, 'invalid_request');
        expect(res.body).toContain('exact match');
      }
    });

    it.each([
      ['no PKCE', { code_challenge: [], code_challenge_method: [] }, 'invalid_request', 'PKCE is required'],
      ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request', 'code_challenge_method=plain'],
      ['screen_hint', { screen_hint: 'signup' }, 'invalid_request', 'screen_hint'],
      ['an unknown parameter', { foo: 'bar' }, 'invalid_request', 'Parameter foo is not supported'],
      ['OIDC scopes', { scope: 'openid read:orders' }, 'invalid_scope', 'OIDC scopes (openid)'],
      ['response_type=token', { response_type: 'token' }, 'unsupported_response_type', 'not supported'],
      ['an unknown audience', { audience: 'https://nowhere.example/' }, 'access_denied', 'Service not found: https://nowhere.example/'],
      ['an API without a grant', { audience: OTHER_API, scope: 'read:other' }, 'access_denied', 'explicit client grant'],
      ['a system API', { audience: 'SYSTEM', scope: '' }, 'access_denied', 'https://localhost:3000/api/v2/'],
      ['no audience', { audience: [] }, 'invalid_request', 'Send audience'],
      ['a non-domain connection', { connection: 'private-db' }, 'invalid_request', 'not a domain-level connection'],
      ['an unknown connection', { connection: 'nope' }, 'invalid_request', 'Unknown connection: nope'],
    ])('strict + open_redirect_protection, %s: an error page', async (_, over, error, text) => {
      const params: Params = { ...codeRequest(strict), ...over };
      for (const [k, v] of Object.entries(params)) if (Array.isArray(v) && v.length === 0) delete params[k];
      if (params.audience === 'SYSTEM') params.audience = t.main.tenant.managementAudience;
      const res = await authorize(params);
      expectPage(res, 400, error);
      expect(res.body).toContain(text.replace(/</g, '&lt;'));
    });

    it('strict + allow_always: the error goes back to the redirect URI with error, error_description, state and iss', async () => {
      const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = codeRequest(strictAllow);
      const url = location(await authorize(noPkce));
      expect(`${url.origin}${url.pathname}`).toBe(CB);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        error: 'invalid_request',
        error_description: expect.stringContaining('PKCE is required'),
        state: 'st-123',
        iss: t.main.tenant.issuer,
      });
      const denied = location(await authorize(codeRequest(strictAllow, { audience: OTHER_API, scope: 'read:other' })));
      expect(denied.searchParams.get('error')).toBe('access_denied');
      expect(denied.searchParams.get('error_description')).toContain('explicit client grant');
    });

    it('permissive and first-party clients redirect errors; the fragment for implicit response types', async () => {
      const url = location(await authorize(codeRequest(permissive, { audience: 'https://nowhere.example/' })));
      expect(url.searchParams.get('error')).toBe('access_denied');
      expect(url.searchParams.get('iss')).toBe(t.main.tenant.issuer);
      const implicit = location(await authorize({ client_id: firstParty, redirect_uri: CB, response_type: 'token', state: 's' }));
      expect(new URLSearchParams(implicit.hash.slice(1)).get('error')).toBe('unauthorized_client');
      expect(implicit.search).toBe('');
    });

    it('form_post: a redirected error is posted to the redirect URI by the form_post page', async () => {
      const res = await authorize(codeRequest(permissive, { audience: 'https://nowhere.example/', response_mode: 'form_post' }));
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(String(res.headers['content-security-policy'])).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'; .*form-action https:\/\/app\.example\.com;/);
      expect(res.body).toContain(`<form method="post" action="${CB}">`);
      expect(res.body).toContain('<input type="hidden" name="error" value="access_denied">');
      expect(res.body).toContain('<input type="hidden" name="error_description" value="Service not found: https://nowhere.example/">');
      expect(res.body).toContain('<input type="hidden" name="state" value="st-123">');
      expect(res.headers.location).toBeUndefined();
    });

    it('resource selects the API only under the compatibility profile', async () => {
      const { audience: _a, ...withoutAudience } = codeRequest(strict);
      expectPage(await authorize({ ...withoutAudience, resource: API }), 400, 'invalid_request');
      expect((await call('PATCH', '/api/v2/tenants/settings', { resource_parameter_profile: 'compatibility' })).statusCode).toBe(200);
      try {
        const res = await authorize({ ...withoutAudience, resource: API });
        expectPage(res, 200);
        expect(res.body).toContain('Log in');
      } finally {
        await call('PATCH', '/api/v2/tenants/settings', { resource_parameter_profile: 'audience' });
      }
    });

    it('an enabled Rule makes strict logins fail naming Rules; others go on', async () => {
      const res = await call('POST', '/api/v2/rules', {
        name: 'legacy-rule',
        script: 'function (user, context, cb) { cb(null, user, context); }',
        enabled: true,
      });
      expect(res.statusCode).toBe(201);
      const rule = res.json();
      try {
        const res = await authorize(codeRequest(strict));
        expectPage(res, 400, 'access_denied');
        expect(res.body).toContain('Rules are not supported');
        expectPage(await authorize(codeRequest(permissive)), 200);
        expectPage(await authorize(codeRequest(firstParty)), 200);
      } finally {
        await call('DELETE', `/api/v2/rules/${rule.id}`);
      }
      expectPage(await authorize(codeRequest(strict)), 200);
    });

    it("a network ACL of scope 'authentication' reaches /authorize and the login and consent pages", async () => {
      const acl = await created('/api/v2/network-acls', {
        description: 'no bots',
        active: true,
        priority: 1,
        rule: { action: { block: true }, match: { user_agents: ['evil-bot'] }, scope: 'authentication' },
      });
      try {
        for (const [method, url] of [
          ['GET', `/authorize?${query(codeRequest(strict))}`],
          ['POST', '/u/login'],
          ['POST', '/u/consent'],
        ] as const) {
          const res = await t.inject({ method, url, headers: { 'user-agent': 'evil-bot' } });
          expect({ url, status: res.statusCode, error: res.json().error }).toEqual({ url, status: 403, error: 'access_denied' });
        }
        expectPage(await authorize(codeRequest(strict)), 200);
      } finally {
        await call('DELETE', `/api/v2/network-acls/${acl.id}`);
      }
    });

    it("a client of tenant A at tenant B's host is unknown", async () => {
      const b = await t.createTenant('tenant-b.example.com');
      const res = await authorize(codeRequest(strict), {}, b.host);
      expectPage(res, 400, 'invalid_request');
      expect(res.body).toContain('Unknown client');
    });
  });

  describe('the login page', () => {
    it('offers only domain-level connections to strict clients, enabled ones to others', async () => {
      const s = await authorize(codeRequest(strict));
      expectPage(s, 200);
      expect(s.body).toContain('name="connection" value="domain-db"');
      expect(s.body).not.toContain('private-db');
      const p = await authorize(codeRequest(permissive));
      expect(p.body).toContain('<option value="domain-db">');
      expect(p.body).toContain('<option value="private-db">');
      expect(String(s.headers['content-security-policy'])).toContain(`form-action 'self' https://app.example.com`);
      const tx = cookieOf(s, 'gh_tx')!;
      expect(tx).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/u' });
    });

    it('wrong password and unknown user: the page again with one message; logged as fp and fu, never the password', async () => {
      const wrong = await logIn(codeRequest(strict), 'alice@example.com', 'not-the-password');
      expectPage(wrong.res, 400);
      expect(wrong.res.body).toContain('Wrong email or password.');
      const unknown = await logIn(codeRequest(strict), 'nobody@example.com', PASSWORD);
      expectPage(unknown.res, 400);
      expect(unknown.res.body).toContain('Wrong email or password.');
      expect(unknown.res.body).toContain('value="nobody@example.com"');
      // bob is a real user, but of a connection strict clients may not use.
      const bob = await t.inject({
        method: 'POST',
        url: '/u/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...formOf(unknown.res), email: 'bob@example.com', password: PASSWORD, connection: 'private-db' }).toString(),
        cookies: { gh_tx: unknown.tx },
      });
      expectPage(bob, 400);
      expect(bob.body).toContain('Choose one of the connections offered.');
      await t.app.get(LogWriter).flush();
      const logs = (await call('GET', '/api/v2/logs?per_page=100')).json() as { type: string; user_name?: string; connection?: string }[];
      expect(logs.find((l) => l.type === 'fp')).toMatchObject({ user_name: 'alice@example.com', connection: 'domain-db' });
      expect(logs.find((l) => l.type === 'fu')).toMatchObject({ user_name: 'nobody@example.com' });
      expect(JSON.stringify(logs)).not.toContain('not-the-password');
      expect(JSON.stringify(logs)).not.toContain(PASSWORD);
    });

    it('a blocked user is refused', async () => {
      const { res } = await logIn(codeRequest(strict), blockedEmail);
      expectPage(res, 403);
      expect(res.body).toContain('blocked');
    });

    it('CSRF: a post without the transaction cookie, with another one, or with a wrong token is refused (403)', async () => {
      const page = await authorize(codeRequest(strict));
      const f = formOf(page);
      const tx = cookieOf(page, 'gh_tx')!.value;
      const creds = { email: 'alice@example.com', password: PASSWORD, connection: 'domain-db' };
      for (const [form, cookies] of [
        [{ ...f, ...creds }, {}],
        [{ ...f, ...creds }, { gh_tx: 'another-transaction' }],
        [{ ...f, ...creds, csrf: 'forged' }, { gh_tx: tx }],
        [{ ...creds, csrf: f.csrf }, { gh_tx: tx }],
        [{ ...f, ...creds, transaction: 'x', csrf: f.csrf }, { gh_tx: 'x' }],
      ] as [Record<string, string>, Record<string, string>][]) {
        const res = await post('/u/login', form, cookies);
        expectPage(res, 403, 'access_denied');
      }
      // The genuine post still works.
      expectPage(await post('/u/login', { ...f, ...creds }, { gh_tx: tx }), 200);
    });
  });

  describe('login, consent and the code', () => {
    const session: Record<string, string> = {};

    it('a strict client: login → consent page → code bound to client, redirect URI, PKCE, user, API and granted scopes', async () => {
      const v = verifier();
      const params = codeRequest(strict, { code_challenge: challengeOf(v), scope: 'read:orders offline_access', nonce: 'n-1' });
      const { res } = await logIn(params);
      expectPage(res, 200);
      expect(res.body).toContain('Authorize Strict &amp; &quot;App&quot;');
      // Each scope with the API's description of it (escaped), as Auth0's consent screen shows them.
      expect(res.body).toContain('<li><code>read:orders</code> — Read your &lt;orders&gt;</li>');
      expect(res.body).toContain('<li><code>offline_access</code></li>');
      const sc = cookieOf(res, 'gh_session')!;
      expect(sc).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(sc.secure).toBeFalsy(); // http public URL
      session.gh_session = sc.value;
      const f = formOf(res);
      expect(f.action).toBe('/u/consent');
      const accepted = await post('/u/consent', { transaction: f.transaction, csrf: f.csrf, decision: 'accept' }, { gh_tx: cookieOf(res, 'gh_tx')!.value });
      const url = location(accepted);
      expect(`${url.origin}${url.pathname}`).toBe(CB);
      expect(url.searchParams.get('state')).toBe('st-123');
      expect(url.searchParams.get('iss')).toBe(t.main.tenant.issuer);
      const code = url.searchParams.get('code')!;
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const row = await t.app.get(FlowStateRepository).findCode(t.main.tenant.id, hashSecret(code));
      expect(row).toMatchObject({
        client_id: strict,
        user_id: alice,
        redirect_uri: CB,
        audience: API,
        scope: 'read:orders offline_access',
        nonce: 'n-1',
        code_challenge: challengeOf(v),
        code_challenge_method: 'S256',
        consumed_at: null,
      });
      expect(Date.parse(row!.expires_at) - Date.parse(row!.created_at)).toBe(60_000);
      // The transaction is over: posting the same form again issues nothing.
      const again = await post('/u/consent', { transaction: f.transaction, csrf: f.csrf, decision: 'accept' }, { gh_tx: cookieOf(res, 'gh_tx')!.value });
      expectPage(again, 403);
      // The consent is stored per user, client and API.
      const grants = (await call('GET', `/api/v2/grants?user_id=${encodeURIComponent(alice)}`)).json();
      expect(grants).toEqual([expect.objectContaining({ clientID: strict, audience: API, scope: ['read:orders', 'offline_access'] })]);
      // The login is in the tenant log.
      await t.app.get(LogWriter).flush();
      const logs = (await call('GET', '/api/v2/logs?per_page=100')).json() as { type: string; user_id?: string; client_id?: string; connection?: string }[];
      expect(logs.find((l) => l.type === 's')).toMatchObject({ user_id: alice, client_id: strict, connection: 'domain-db' });
    });

    it('the session skips the login, and the stored consent skips the consent page', async () => {
      const url = location(await authorize(codeRequest(strict), session));
      expect(url.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get('state')).toBe('st-123');
    });

    it('prompt=none: code with session and consent; consent_required when the scopes grow; login_required without a session', async () => {
      expect(location(await authorize(codeRequest(strict, { prompt: 'none' }), session)).searchParams.get('code')).toBeTruthy();
      const grown = await authorize(codeRequest(strict, { prompt: 'none', scope: 'read:orders write:orders' }), session);
      expectPage(grown, 400, 'consent_required');
      expectPage(await authorize(codeRequest(strict, { prompt: 'none' })), 400, 'login_required');
      const url = location(await authorize(codeRequest(strictAllow, { prompt: 'none' })));
      expect(Object.fromEntries(url.searchParams)).toMatchObject({ error: 'login_required', state: 'st-123', iss: t.main.tenant.issuer });
    });

    it('consent is asked again when the requested scopes grow beyond the stored ones; a denial is access_denied', async () => {
      const page = await authorize(codeRequest(strict, { scope: 'read:orders write:orders' }), session);
      expectPage(page, 200);
      expect(page.body).toContain('<code>write:orders</code>');
      const f = formOf(page);
      const denied = await post('/u/consent', { transaction: f.transaction, csrf: f.csrf, decision: 'deny' }, { gh_tx: cookieOf(page, 'gh_tx')!.value });
      expectPage(denied, 400, 'access_denied');
      expect(denied.headers.location).toBeUndefined();
      const grants = (await call('GET', `/api/v2/grants?user_id=${encodeURIComponent(alice)}`)).json();
      expect(grants[0].scope).toEqual(['read:orders', 'offline_access']);
    });

    it('under allow_always a denial redirects with access_denied', async () => {
      const page = await authorize(codeRequest(strictAllow), session);
      expectPage(page, 200);
      const f = formOf(page);
      const url = location(await post('/u/consent', { transaction: f.transaction, csrf: f.csrf, decision: 'deny' }, { gh_tx: cookieOf(page, 'gh_tx')!.value }));
      expect(Object.fromEntries(url.searchParams)).toEqual({
        error: 'access_denied',
        error_description: 'The user denied the request',
        state: 'st-123',
        iss: t.main.tenant.issuer,
      });
    });

    it('prompt=login and an exceeded max_age show the login page despite the session', async () => {
      expect((await authorize(codeRequest(strict, { prompt: 'login' }), session)).body).toContain('action="/u/login"');
      t.clock.set(new Date(t.clock.nowMs() + 120_000));
      expect((await authorize(codeRequest(strict, { max_age: '60' }), session)).body).toContain('action="/u/login"');
      expect(location(await authorize(codeRequest(strict, { max_age: '3600' }), session)).searchParams.get('code')).toBeTruthy();
    });

    it('a session of a user of a non-domain connection does not log a strict client in', async () => {
      const { res } = await logIn(codeRequest(permissive, { scope: '' }), 'bob@example.com', PASSWORD, 'private-db');
      // permissive is third-party: consent asked; the session exists already.
      expectPage(res, 200);
      const bobSession = cookieOf(res, 'gh_session')!.value;
      expect((await authorize(codeRequest(strict), { gh_session: bobSession })).body).toContain('action="/u/login"');
    });

    it('a first-party client never asks for consent: login → code; OIDC scopes allowed', async () => {
      const { res } = await logIn(codeRequest(firstParty, { scope: 'openid profile read:orders', code_challenge: [], code_challenge_method: [] }));
      const url = location(res);
      const code = url.searchParams.get('code')!;
      const row = await t.app.get(FlowStateRepository).findCode(t.main.tenant.id, hashSecret(code));
      expect(row).toMatchObject({ client_id: firstParty, scope: 'openid profile read:orders', code_challenge: null });
    });

    it('a permissive client follows the API policy (allow_all) without a grant, and asks for consent', async () => {
      const page = await authorize(codeRequest(permissive, { code_challenge: [], code_challenge_method: [], scope: 'openid read:orders' }), session);
      expectPage(page, 200);
      expect(page.body).toContain('<code>openid</code>');
    });
  });

  describe('malformed input never answers 5xx', () => {
    it.each([
      ['repeated client_id', `client_id=${'a'}&client_id=b&redirect_uri=${encodeURIComponent(CB)}`],
      ['repeated state', 'STRICT&state=a&state=b'],
      ['a huge client_id', `client_id=${'x'.repeat(20000)}`],
      ['a huge state', `STRICT&state=${'s'.repeat(50000)}`],
      ['a NUL in client_id', 'client_id=a%00b'],
      ['a NUL in audience', 'STRICT&audience=a%00b'],
      ['a NUL in connection', 'STRICT&connection=a%00b'],
      ['broken percent-encoding', 'client_id=%E0%A4%A&redirect_uri=%ZZ'],
      ['lone surrogates', 'STRICT&state=%ED%A0%80'],
      ['no parameters', ''],
      ['a bracketed parameter', 'client_id[]=x&client_id[a]=y'],
      ['a huge audience', `STRICT&audience=${'a'.repeat(5000)}`],
    ])('GET /authorize with %s', async (_, raw) => {
      const base = query(codeRequest(strict));
      const q = raw.replace('STRICT', base.replace(/&state=[^&]*/, '').replace(/&audience=[^&]*/, ''));
      const res = await t.inject({ method: 'GET', url: `/authorize?${q}` });
      expect(res.statusCode).toBeLessThan(500);
    });

    it.each([
      ['a JSON array', 'application/json', '[1,2]'],
      ['JSON with objects', 'application/json', '{"transaction":{"a":1},"csrf":[1],"email":null}'],
      ['an empty form', 'application/x-www-form-urlencoded', ''],
      ['repeated fields', 'application/x-www-form-urlencoded', 'transaction=a&transaction=b&csrf=c&csrf=d'],
      ['a huge password', 'application/x-www-form-urlencoded', `transaction=a&csrf=b&password=${'p'.repeat(100000)}`],
      ['a NUL byte', 'application/x-www-form-urlencoded', 'transaction=a%00&csrf=b%00'],
      ['XML', 'application/xml', '<a/>'],
    ])('POST /u/login and /u/consent with %s', async (_, type, payload) => {
      for (const url of ['/u/login', '/u/consent']) {
        const res = await t.inject({ method: 'POST', url, headers: { 'content-type': type }, payload, cookies: { gh_tx: 'a' } });
        expect({ url, status: res.statusCode < 500 }).toEqual({ url, status: true });
      }
    });
  });

  it('GET /u/gatehouse.css serves the stylesheet, cacheable', async () => {
    const res = await t.inject({ method: 'GET', url: '/u/gatehouse.css' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['cache-control']).toContain('max-age');
    expect(res.body).toContain('font-family');
  });
});

describe('the CI test mode (GATEHOUSE_TEST_LOGIN)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('is refused at start when malformed', async () => {
    await expect(createTestApp({ env: { GATEHOUSE_TEST_LOGIN: 'not an email' } })).rejects.toThrow(/GATEHOUSE_TEST_LOGIN/);
  });

  it('logs the configured user in and consents, so a headless client gets a code at once', async () => {
    t = await createTestApp({ env: { GATEHOUSE_TEST_LOGIN: 'CI@example.com' } });
    const token = await t.token();
    const call = (url: string, payload: unknown) =>
      t.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
    const client = (await call('/api/v2/clients', { name: 'MCP client', is_first_party: false, third_party_security_mode: 'strict', callbacks: [CB] })).json()
      .client_id as string;
    await call('/api/v2/resource-servers', { identifier: API, name: 'Orders', scopes: [{ value: 'read:orders' }] });
    await call('/api/v2/client-grants', { default_for: 'third_party_clients', audience: API, scope: ['read:orders'], subject_type: 'user' });
    const v = verifier();
    const params = {
      client_id: client,
      redirect_uri: CB,
      response_type: 'code',
      audience: API,
      scope: 'read:orders',
      state: 'ci',
      code_challenge: challengeOf(v),
      code_challenge_method: 'S256',
    };

    // No such user yet in a connection the client may use: a clear error, no login page.
    const missing = await t.inject({ method: 'GET', url: `/authorize?${query(params)}` });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('No domain-level connection');

    expect((await call('/api/v2/connections', { name: 'ci-db', strategy: 'auth0', is_domain_connection: true })).statusCode).toBe(201);
    const notUser = await t.inject({ method: 'GET', url: `/authorize?${query(params)}` });
    expect(notUser.statusCode).toBe(400);
    expect(notUser.body).toContain('GATEHOUSE_TEST_LOGIN names ci@example.com');

    const user = (await call('/api/v2/users', { connection: 'ci-db', email: 'ci@example.com', password: PASSWORD })).json();
    const res = await t.inject({ method: 'GET', url: `/authorize?${query(params)}` });
    const url = location(res);
    expect(url.searchParams.get('state')).toBe('ci');
    expect(url.searchParams.get('iss')).toBe(t.main.tenant.issuer);
    const row = await t.app.get(FlowStateRepository).findCode(t.main.tenant.id, hashSecret(url.searchParams.get('code')!));
    expect(row).toMatchObject({ client_id: client, user_id: user.user_id, audience: API, scope: 'read:orders', code_challenge: challengeOf(v) });
    const grants = (
      await t.inject({ method: 'GET', url: `/api/v2/grants?user_id=${encodeURIComponent(user.user_id)}`, headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(grants).toEqual([expect.objectContaining({ clientID: client, audience: API, scope: ['read:orders'] })]);
  });
});

describe('under an https public URL', () => {
  const app = useTestApp({ env: { GATEHOUSE_PUBLIC_URL: 'https://auth.example.com' } });
  const { t } = app;

  it('the session and transaction cookies are Secure, and the redirect carries the https issuer', async () => {
    const call = (url: string, payload: unknown) =>
      t.inject({ method: 'POST', url, headers: { authorization: `Bearer ${app.token}` }, payload: payload as object });
    const client = (await call('/api/v2/clients', { name: 'First', callbacks: [CB] })).json().client_id as string;
    const conn = (await call('/api/v2/connections', { name: 'db', strategy: 'auth0' })).json();
    await t.inject({
      method: 'PATCH',
      url: `/api/v2/connections/${conn.id}/clients`,
      headers: { authorization: `Bearer ${app.token}` },
      payload: [{ client_id: client, status: true }],
    });
    await call('/api/v2/users', { connection: 'db', email: 'eve@example.com', password: PASSWORD });
    const page = await t.inject({ method: 'GET', url: `/authorize?${query({ client_id: client, redirect_uri: CB, response_type: 'code', state: 'x' })}` });
    expectPage(page, 200);
    const tx = cookieOf(page, 'gh_tx')!;
    expect(tx.secure).toBe(true);
    const f = formOf(page);
    const res = await t.inject({
      method: 'POST',
      url: '/u/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ transaction: f.transaction, csrf: f.csrf, connection: 'db', email: 'eve@example.com', password: PASSWORD }).toString(),
      cookies: { gh_tx: tx.value },
    });
    expect(cookieOf(res, 'gh_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(location(res).searchParams.get('iss')).toBe('https://auth.example.com/');
  });
});
