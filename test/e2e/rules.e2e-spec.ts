import { createHash, randomBytes } from 'crypto';
import { ApiCall, useTestApp } from '@gatehouse/testing';
import { RulesReader } from '@gatehouse/rules';

/** /api/v2/rules (issue 11 §5): stored, never executed. */
describe('rules', () => {
  const app = useTestApp();
  const { t } = app;
  const call = app.api('/api/v2/rules');
  const script = 'function (user, context, callback) { callback(null, user, context); }';

  it('POST stores a rule in Auth0 shape (enabled by default, appended order, login_success); GET, PATCH, DELETE', async () => {
    expect(await t.app.get(RulesReader).anyEnabled(t.main.tenant.id)).toBe(false);
    const first = await call('POST', '', { name: 'first rule', script });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      id: expect.stringMatching(/^rul_[A-Za-z0-9]{16}$/),
      name: 'first rule',
      script,
      enabled: true,
      order: 1,
      stage: 'login_success',
    });
    expect(await t.app.get(RulesReader).anyEnabled(t.main.tenant.id)).toBe(true);
    const second = (await call('POST', '', { name: 'second', script, enabled: false })).json();
    expect(second.order).toBe(2);
    const id = first.json().id;
    expect((await call('GET', `/${id}`)).json()).toEqual(first.json());
    expect((await call('GET', '?enabled=false')).json()).toEqual([second]);
    expect((await call('GET', '?include_totals=true&per_page=1')).json()).toMatchObject({ start: 0, limit: 1, total: 2, rules: [expect.any(Object)] });
    const patched = await call('PATCH', `/${id}`, { enabled: false, order: 5, name: 'renamed' });
    expect(patched.json()).toMatchObject({ enabled: false, order: 5, name: 'renamed' });
    expect(await t.app.get(RulesReader).anyEnabled(t.main.tenant.id)).toBe(false);
    expect((await call('POST', '', { name: 'renamed', script })).statusCode).toBe(409);
    expect((await call('DELETE', `/${id}`)).statusCode).toBe(204);
    const gone = await call('GET', `/${id}`);
    expect(gone.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'The rule does not exist.', errorCode: 'inexistent_rule' });
  });

  it.each([
    ['no script', { name: 'x' }],
    ['a bad name', { name: ' x', script }],
    ['a negative order', { name: 'x', script, order: -1 }],
    ['a stage (not settable)', { name: 'x', script, stage: 'pre_authorize' }],
  ])('POST with %s → 400 invalid_body', async (_, body) => {
    expect((await call('POST', '', body)).json().errorCode).toBe('invalid_body');
  });

  it('tenants are isolated', async () => {
    const rule = (await call('POST', '', { name: 'iso', script })).json();
    const b = await t.createTenant('rules-b.localhost:3000');
    const res = await t.inject({ method: 'GET', url: `/api/v2/rules/${rule.id}`, host: b.host, headers: { authorization: `Bearer ${await t.token(b)}` } });
    expect(res.statusCode).toBe(404);
    expect(await t.app.get(RulesReader).anyEnabled(b.tenant.id)).toBe(false);
  });
});

/** An enabled Rule in the tenant refuses a strict application's login at /authorize (seed 003; issue 11 §1). */
describe('rules and /authorize', () => {
  // Permissive clients exist only from before April 2026: the app starts then, and the clock moves on.
  const app = useTestApp({ now: new Date('2026-03-01T00:00:00Z') });
  const { t } = app;
  const CB = 'https://app.example.com/callback';
  const API = 'https://orders.example.com/';
  const script = 'function (user, context, callback) { callback(null, user, context); }';
  let token: string;
  const call: ApiCall = (method, url, payload) => app.api()(method, url, payload, token);
  const created = async (url: string, payload: unknown) => {
    const res = await call('POST', url, payload);
    if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  let permissive: string;
  let strict: string;

  beforeAll(async () => {
    token = app.token;
    permissive = (await created('/api/v2/clients', { name: 'Permissive App', is_first_party: false, callbacks: [CB], grant_types: ['authorization_code'] }))
      .client_id;
    t.clock.set(new Date('2026-12-01T00:00:00Z'));
    token = await t.token();
    await created('/api/v2/resource-servers', { identifier: API, name: 'Orders', scopes: [{ value: 'read:orders' }] });
    strict = (await created('/api/v2/clients', { name: 'Strict App', is_first_party: false, third_party_security_mode: 'strict', callbacks: [CB] })).client_id;
    await created('/api/v2/client-grants', { client_id: strict, audience: API, scope: ['read:orders'], subject_type: 'user' });
    const domain = await created('/api/v2/connections', { name: 'domain-db', strategy: 'auth0', is_domain_connection: true });
    expect(
      (
        await call(
          'PATCH',
          `/api/v2/connections/${domain.id}/clients`,
          [strict, permissive].map((client_id) => ({ client_id, status: true })),
        )
      ).statusCode,
    ).toBe(204);
  });

  /** GET /authorize for a code with PKCE: the login page (200) or the error page (400). */
  const authorize = (client_id: string) => {
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const query = new URLSearchParams({
      client_id,
      redirect_uri: CB,
      response_type: 'code',
      state: 'st',
      audience: API,
      scope: 'read:orders',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    return t.inject({ method: 'GET', url: `/authorize?${query}` });
  };
  const expectLoginPage = async (client: string) => {
    const res = await authorize(client);
    expect({ status: res.statusCode, login: res.body.includes('Log in') }).toEqual({ status: 200, login: true });
  };

  it('an enabled Rule refuses the strict login naming Rules; a permissive client goes on; disabling the Rule lifts it', async () => {
    await expectLoginPage(strict);
    const rule = await created('/api/v2/rules', { name: 'legacy', script });
    const refused = await authorize(strict);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(refused.body).toContain('<strong>access_denied</strong>');
    expect(refused.body).toContain('Rules are not supported');
    expect(refused.body).toMatch(/1 enabled Rule\b/);
    await expectLoginPage(permissive);
    expect((await call('PATCH', `/api/v2/rules/${rule.id}`, { enabled: false })).statusCode).toBe(200);
    await expectLoginPage(strict);
  });
});
