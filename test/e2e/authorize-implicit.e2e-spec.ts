import { createHash } from 'crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createLocalJWKSet, decodeJwt, JWTPayload, jwtVerify } from 'jose';
import { LogWriter } from '@gatehouse/logs';
import { useTestApp } from '@gatehouse/testing';

/**
 * Implicit and hybrid flows and the response modes at GET /authorize (issue 11 §1) over HTTP: every
 * response type for a first-party application with the implicit grant and for a permissive third-party
 * one; refused for strict applications and for an application without the implicit grant; the nonce
 * required with an ID token; the tokens' claims, at_hash and c_hash computed here; the fragment by
 * default; the form_post page and its Content-Security-Policy.
 */

const CB = 'https://app.example.com/callback';
const API = 'https://orders.example.com/';
const PASSWORD = 'Correct-Horse-Battery-9';
const WEB_LIFETIME = 600;

/** OIDC Core §3.1.3.6 / §3.3.2.11, computed independently of Gatehouse's token-claims. */
const leftHalf = (value: string) => createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

type Params = Record<string, string>;
const query = (params: Params) => new URLSearchParams(params).toString();

function formOf(res: LightMyRequestResponse): { transaction: string; csrf: string } {
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(res.body)?.[1];
  const transaction = value('transaction');
  const csrf = value('csrf');
  if (!transaction || !csrf) throw new Error(`no form in: ${res.statusCode} ${res.body.slice(0, 400)}`);
  return { transaction, csrf };
}

/** The hidden fields of a form_post page, decoded as a browser would post them. */
function postedFields(body: string): Record<string, string> {
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#96;/g, '`')
      .replace(/&amp;/g, '&');
  return Object.fromEntries([...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], decode(m[2]!)]));
}

describe('GET /authorize: implicit and hybrid flows, fragment and form_post', () => {
  // Permissive clients exist only from before April 2026: the app starts then, and the clock moves on.
  const app = useTestApp({ now: new Date('2026-03-01T00:00:00Z') });
  const { t } = app;
  let token: string;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const created = async (url: string, payload: unknown) => {
    const res = await call('POST', url, payload);
    if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  let permissive: { client_id: string; client_secret: string };
  let firstParty: { client_id: string; client_secret: string };
  let noImplicit: string;
  let strict: string;
  let alice: string;

  beforeAll(async () => {
    token = await t.token();
    permissive = await created('/api/v2/clients', {
      name: 'Permissive SPA',
      is_first_party: false,
      callbacks: [CB],
      grant_types: ['authorization_code', 'implicit', 'refresh_token'],
    });
    t.clock.set(new Date('2026-12-01T00:00:00Z'));
    token = await t.token();
    await created('/api/v2/resource-servers', {
      identifier: API,
      name: 'Orders',
      scopes: [{ value: 'read:orders' }],
      token_lifetime: 86400,
      token_lifetime_for_web: WEB_LIFETIME,
      allow_offline_access: true,
    });
    firstParty = await created('/api/v2/clients', { name: 'First SPA', callbacks: [CB], grant_types: ['authorization_code', 'implicit', 'refresh_token'] });
    noImplicit = (await created('/api/v2/clients', { name: 'Code only', callbacks: [CB], grant_types: ['authorization_code'] })).client_id;
    strict = (
      await created('/api/v2/clients', {
        name: 'Strict',
        is_first_party: false,
        third_party_security_mode: 'strict',
        callbacks: [CB],
        redirection_policy: 'allow_always',
      })
    ).client_id;
    const db = await created('/api/v2/connections', { name: 'domain-db', strategy: 'auth0', is_domain_connection: true });
    const res = await call(
      'PATCH',
      `/api/v2/connections/${db.id}/clients`,
      [firstParty.client_id, permissive.client_id, noImplicit].map((client_id) => ({ client_id, status: true })),
    );
    expect(res.statusCode).toBeLessThan(300);
    alice = (await created('/api/v2/users', { connection: 'domain-db', email: 'alice@example.com', password: PASSWORD, name: 'Alice' })).user_id;
  });

  const request = (client: string, over: Params = {}): Params => ({
    client_id: client,
    redirect_uri: CB,
    response_type: 'token',
    state: 'st-1',
    nonce: 'n-0S6_WzA2Mj',
    audience: API,
    scope: 'openid profile read:orders offline_access',
    ...over,
  });
  const authorize = (params: Params) => t.inject({ method: 'GET', url: `/authorize?${query(params)}` });
  const post = (path: string, form: Record<string, string>, gh_tx: string) =>
    t.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
      cookies: { gh_tx },
    });

  /** /authorize, the login form, and the consent form when one is shown: the flow's last answer. */
  async function complete(params: Params): Promise<LightMyRequestResponse> {
    const page = await authorize(params);
    expect({ status: page.statusCode, body: page.statusCode === 200 ? '' : page.body.slice(0, 300) }).toEqual({ status: 200, body: '' });
    const tx = page.cookies.find((c) => c.name === 'gh_tx')!.value;
    const login = await post('/u/login', { ...formOf(page), email: 'alice@example.com', password: PASSWORD, connection: 'domain-db' }, tx);
    if (login.statusCode !== 200 || !login.body.includes('action="/u/consent"')) return login;
    return post('/u/consent', { ...formOf(login), decision: 'accept' }, tx);
  }

  /** The response's parameters from the fragment of a 302 (and nothing in the query). */
  function fragmentOf(res: LightMyRequestResponse): Record<string, string> {
    expect({ status: res.statusCode, body: res.statusCode === 302 ? '' : res.body.slice(0, 300) }).toEqual({ status: 302, body: '' });
    const url = new URL(String(res.headers.location));
    expect(`${url.origin}${url.pathname}`).toBe(CB);
    expect(url.search).toBe('');
    return Object.fromEntries(new URLSearchParams(url.hash.slice(1)));
  }

  const jwks = async () => createLocalJWKSet((await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json());
  const verify = async (jwt: string, audience: string): Promise<JWTPayload> =>
    (await jwtVerify(jwt, await jwks(), { issuer: t.main.tenant.issuer, audience, currentDate: t.clock.now() })).payload;

  /** Checks a successful response of `type` for `clientId` as OIDC Core §3.2.2.5 / §3.3.2.5 say. */
  async function expectResponse(type: string, clientId: string, p: Record<string, string>) {
    const parts = type.split(' ');
    const expected = [
      ...(parts.includes('code') ? ['code'] : []),
      ...(parts.includes('token') ? ['access_token', 'token_type', 'expires_in', 'scope'] : []),
      ...(parts.includes('id_token') ? ['id_token'] : []),
      'state',
      'iss',
    ];
    expect(Object.keys(p).sort()).toEqual(expected.sort());
    expect(p.state).toBe('st-1');
    expect(p.iss).toBe(t.main.tenant.issuer);
    expect(p).not.toHaveProperty('refresh_token');
    if (p.code) expect(p.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (p.access_token) {
      expect(p.token_type).toBe('Bearer');
      expect(p.expires_in).toBe(String(WEB_LIFETIME));
      // offline_access is no part of a front-channel grant: no refresh token, and the scope does not name it.
      expect(p.scope).toBe('openid profile read:orders');
      const at = await verify(p.access_token, API);
      expect(at).toMatchObject({ sub: alice, aud: [API, `${t.main.tenant.issuer}userinfo`], azp: clientId, scope: 'openid profile read:orders' });
      expect(at.exp! - at.iat!).toBe(WEB_LIFETIME);
    }
    if (p.id_token) {
      const id = await verify(p.id_token, clientId);
      expect(id).toMatchObject({ sub: alice, aud: clientId, azp: clientId, nonce: 'n-0S6_WzA2Mj', name: 'Alice' });
      // The login just made: at most a few seconds before the token was issued.
      expect(id.auth_time).toBeLessThanOrEqual(id.iat!);
      expect(id.auth_time).toBeGreaterThan(id.iat! - 30);
      if (p.access_token) expect(id.at_hash).toBe(leftHalf(p.access_token));
      else expect(id).not.toHaveProperty('at_hash');
      if (p.code) expect(id.c_hash).toBe(leftHalf(p.code));
      else expect(id).not.toHaveProperty('c_hash');
    }
  }

  const TYPES = ['token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'];

  describe.each([
    ['a first-party application', () => firstParty.client_id],
    ['a permissive third-party application (consent asked)', () => permissive.client_id],
  ])('%s with the implicit grant', (_name, clientOf) => {
    it.each(TYPES)('response_type=%s: the response in the fragment by default', async (type) => {
      const clientId = clientOf();
      await expectResponse(type, clientId, fragmentOf(await complete(request(clientId, { response_type: type }))));
    });
  });

  it('the order of response_type values does not matter (token id_token = id_token token)', async () => {
    const p = fragmentOf(await complete(request(firstParty.client_id, { response_type: 'token id_token' })));
    await expectResponse('id_token token', firstParty.client_id, p);
  });

  it('the access token from /authorize opens /userinfo; the hybrid code buys tokens at /oauth/token, with the API lifetime', async () => {
    const p = fragmentOf(await complete(request(firstParty.client_id, { response_type: 'code id_token token' })));
    const info = await t.inject({ method: 'GET', url: '/userinfo', headers: { authorization: `Bearer ${p.access_token}` } });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ sub: alice, name: 'Alice' });
    const exchanged = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'authorization_code', code: p.code, redirect_uri: CB, client_id: firstParty.client_id, client_secret: firstParty.client_secret },
    });
    expect(exchanged.statusCode).toBe(200);
    const body = exchanged.json();
    expect(body.expires_in).toBe(86400);
    expect(typeof body.refresh_token).toBe('string');
    expect((await verify(body.id_token, firstParty.client_id)).nonce).toBe('n-0S6_WzA2Mj');
    expect(decodeJwt(body.access_token).sub).toBe(alice);
  });

  it('without an audience, token gives a /userinfo access token that lives 7200 s', async () => {
    const { audience: _a, ...identityOnly } = request(firstParty.client_id, { scope: 'openid email' });
    const p = fragmentOf(await complete(identityOnly));
    expect(p.expires_in).toBe('7200');
    expect(decodeJwt(p.access_token!)).toMatchObject({ aud: `${t.main.tenant.issuer}userinfo`, scope: 'openid email' });
  });

  it('response_mode=fragment is honoured for code too; query with tokens is refused', async () => {
    const code = fragmentOf(await complete(request(firstParty.client_id, { response_type: 'code', response_mode: 'fragment' })));
    expect(Object.keys(code).sort()).toEqual(['code', 'iss', 'state']);
    // The error carries no token, so it goes back where the request asked (the query).
    const res = await authorize(request(firstParty.client_id, { response_mode: 'query' }));
    expect(res.statusCode).toBe(302);
    const refused = Object.fromEntries(new URL(String(res.headers.location)).searchParams);
    expect(refused).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('response_mode=query'), state: 'st-1' });
  });

  describe('refusals', () => {
    it('a strict application: unsupported_response_type for every implicit and hybrid type', async () => {
      for (const type of TYPES) {
        const { nonce: _n, scope: _s, ...params } = request(strict, { response_type: type });
        const p = fragmentOf(await authorize({ ...params, scope: 'read:orders' }));
        expect({ type, error: p.error, state: p.state }).toEqual({ type, error: 'unsupported_response_type', state: 'st-1' });
        expect(p.error_description).toContain('not supported for third-party applications in strict mode');
      }
    });

    it('an application without the implicit grant: unauthorized_client', async () => {
      for (const type of TYPES) {
        const p = fragmentOf(await authorize(request(noImplicit, { response_type: type })));
        expect({ type, error: p.error, description: p.error_description }).toEqual({
          type,
          error: 'unauthorized_client',
          description: `The application does not have the implicit grant type required by response_type ${type}`,
        });
      }
    });

    it.each(['id_token', 'id_token token', 'code id_token', 'code id_token token'])('response_type=%s without a nonce: invalid_request', async (type) => {
      const { nonce: _n, ...params } = request(firstParty.client_id, { response_type: type });
      const p = fragmentOf(await authorize(params));
      expect(p).toMatchObject({ error: 'invalid_request', error_description: `response_type ${type} requires a nonce`, state: 'st-1' });
    });

    it('token and code token need no nonce (no ID token leaves /authorize)', async () => {
      for (const type of ['token', 'code token']) {
        const { nonce: _n, ...params } = request(firstParty.client_id, { response_type: type, scope: 'read:orders' });
        const p = fragmentOf(await complete(params));
        expect(p.access_token).toBeDefined();
        expect(p).not.toHaveProperty('id_token');
      }
    });

    it('a permissive application denied consent: access_denied in the fragment', async () => {
      const page = await authorize(request(permissive.client_id, { response_type: 'id_token token', prompt: 'consent' }));
      const tx = page.cookies.find((c) => c.name === 'gh_tx')!.value;
      const login = await post('/u/login', { ...formOf(page), email: 'alice@example.com', password: PASSWORD, connection: 'domain-db' }, tx);
      const denied = fragmentOf(await post('/u/consent', { ...formOf(login), decision: 'deny' }, tx));
      expect(denied).toEqual({ error: 'access_denied', error_description: 'The user denied the request', state: 'st-1', iss: t.main.tenant.issuer });
    });
  });

  describe('response_mode=form_post', () => {
    it.each([
      ['code id_token', () => firstParty.client_id],
      ['id_token token', () => permissive.client_id],
      ['code', () => permissive.client_id],
    ])('%s: a page posting the response to the redirect URI, its one script allowed by hash, no-store', async (type, clientOf) => {
      const clientId = clientOf();
      const res = await complete(request(clientId, { response_type: type, response_mode: 'form_post', state: 'st-1' }));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers.location).toBeUndefined();
      expect(res.cookies.find((c) => c.name === 'gh_tx')).toMatchObject({ value: '' });
      const scripts = [...res.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      expect(scripts).toHaveLength(1);
      const hash = createHash('sha256').update(scripts[0]!).digest('base64');
      expect(res.headers['content-security-policy']).toBe(
        `default-src 'none'; script-src 'sha256-${hash}'; style-src 'self'; img-src 'self'; form-action https://app.example.com; frame-ancestors 'none'; base-uri 'none'`,
      );
      expect(res.body).toContain(`<form method="post" action="${CB}">`);
      expect(res.body).toMatch(/<noscript>[\s\S]*<button type="submit">Continue<\/button>[\s\S]*<\/noscript>/);
      await expectResponse(type, clientId, postedFields(res.body));
    });

    it('values are escaped in the page', async () => {
      const state = `"><script>alert(1)</script>&'`;
      const res = await complete(request(firstParty.client_id, { response_type: 'code', response_mode: 'form_post', state }));
      expect(res.body).not.toContain('<script>alert(1)');
      expect(postedFields(res.body).state).toBe(state);
    });

    it('an error that redirects is posted too', async () => {
      for (const clientId of [firstParty.client_id, permissive.client_id]) {
        const posted = await authorize(request(clientId, { response_type: 'id_token', response_mode: 'form_post', audience: 'https://nowhere.example/' }));
        expect(posted.statusCode).toBe(200);
        expect(postedFields(posted.body)).toEqual({
          error: 'access_denied',
          error_description: 'Service not found: https://nowhere.example/',
          state: 'st-1',
          iss: t.main.tenant.issuer,
        });
        expect(String(posted.headers['content-security-policy'])).toContain('form-action https://app.example.com;');
      }
    });

    it('under open_redirect_protection the error is an error page, never posted', async () => {
      // Only strict applications have a redirection policy; response_mode is outside their allow-list (seed 002).
      const guarded = (
        await created('/api/v2/clients', { name: 'Strict guarded', is_first_party: false, third_party_security_mode: 'strict', callbacks: [CB] })
      ).client_id;
      const page = await authorize({ ...request(guarded, { response_type: 'code', response_mode: 'form_post', scope: 'read:orders' }), nonce: '' });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('<strong>invalid_request</strong>');
      expect(page.body).toContain('Parameter response_mode');
      expect(page.body).not.toContain('<script');
      expect(page.headers.location).toBeUndefined();
      expect(String(page.headers['content-security-policy'])).not.toContain('script-src');
    });
  });

  it('the logins of these flows are tenant log events, as in the code flow; no token reaches the log', async () => {
    const p = fragmentOf(await complete(request(firstParty.client_id, { response_type: 'id_token token' })));
    await t.app.get(LogWriter).flush();
    const logs = (await call('GET', '/api/v2/logs?per_page=100')).json() as { type: string; user_id?: string; client_id?: string }[];
    expect(logs.filter((l) => l.type === 's' && l.client_id === firstParty.client_id && l.user_id === alice).length).toBeGreaterThan(0);
    const text = JSON.stringify(logs);
    expect(text).not.toContain(p.access_token!);
    expect(text).not.toContain(p.id_token!);
  });
});
