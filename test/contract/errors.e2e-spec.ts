import type { LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import {
  ALL_UNEMULATED_METHODS,
  AUTHORIZE,
  BODIES_OVER_THE_LIMITS,
  HTTP_METHODS,
  doc,
  CLIENTS,
  CONSENT,
  LINT,
  LOGIN,
  ONE_CALL_PER_OPERATION,
  REGISTER,
  RESTRICTED_OPERATIONS,
  REVOKE,
  STYLESHEET,
  TOKEN,
  UNEMULATED,
  USERINFO,
  describeCoverage,
  expectMatchesContract,
  form,
  formHeaders,
  useContractApp,
} from './support/contract';

/**
 * Every operation when the tenant rate limit is used up (429), when the database goes away (503) and when
 * it fails otherwise (500).
 */

describe('429 when the tenant rate limit is used up', () => {
  const app = useContractApp({ env: { GATEHOUSE_MANAGEMENT_RATE_LIMIT: '2' } });
  const { t } = app;

  it('answers 429 too_many_requests with Retry-After and rate-limit headers', async () => {
    const call = (method: (typeof ALL_UNEMULATED_METHODS)[number]) =>
      t.inject({ method, url: '/api/v2/roles', headers: { authorization: `Bearer ${app.token}` }, ...(method === 'POST' ? { payload: {} } : {}) });
    expect((await call('GET')).statusCode).toBe(403);
    expect((await call('GET')).statusCode).toBe(403);
    for (const method of ALL_UNEMULATED_METHODS) {
      const res = await call(method);
      expect(res.statusCode).toBe(429);
      expect(res.headers['x-ratelimit-remaining']).toBe('0');
      expectMatchesContract(method, UNEMULATED, res);
    }
    // The limit is per tenant, shared by every Management API and /ext/v1 route.
    for (const [method, template, url, payload] of ONE_CALL_PER_OPERATION) {
      const res = await t.inject({ method, url, headers: { authorization: `Bearer ${app.token}` }, ...(payload ? { payload } : {}) });
      expect({ call: `${method} ${url}`, status: res.statusCode }).toEqual({ call: `${method} ${url}`, status: 429 });
      expect(res.json().errorCode).toBe('too_many_requests');
      expectMatchesContract(method, template, res);
    }
  });
});

/**
 * Issue 12 §3: requests that fail authentication spend their address's own budget, never the tenant's;
 * past it every Management API and /ext/v1 route answers 429, as documented.
 */
describe('429 when an address has used up its budget of failed authentications', () => {
  const app = useContractApp({ env: { GATEHOUSE_UNAUTHENTICATED_RATE_LIMIT: '1' } });
  const { t } = app;

  it('answers 429 too_many_requests with Retry-After, and the admin is not locked out', async () => {
    const garbage = { authorization: 'Bearer garbage' };
    expect((await t.inject({ method: 'GET', url: CLIENTS, headers: garbage })).statusCode).toBe(401);
    for (const [method, template, url, payload] of ONE_CALL_PER_OPERATION) {
      const res = await t.inject({ method, url, headers: garbage, ...(payload ? { payload } : {}) });
      expect({ call: `${method} ${url}`, status: res.statusCode }).toEqual({ call: `${method} ${url}`, status: 429 });
      expect(res.json().message).toBe('Too many requests with failed authentication from this address');
      expectMatchesContract(method, template, res);
    }
    const admin = await t.inject({ method: 'GET', url: CLIENTS, headers: { authorization: `Bearer ${app.token}` } });
    expect(admin.statusCode).toBe(200);
  });
});

/** Issue 12 §2: every documented operation that reads a body refuses one over the limits with a documented 400 invalid_body. */
describe('bodies over the depth and size limits', () => {
  const app = useContractApp({ env: { GATEHOUSE_ROOT_TOKEN: 'root-credential-for-the-errors-contract-0123456789', GATEHOUSE_CLOCK_API: 'on' } });
  const { t } = app;

  it('answer 400 invalid_body on every POST, PUT, PATCH and DELETE, as documented', async () => {
    const seen: string[] = [];
    for (const [template, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of HTTP_METHODS.filter((m) => item[m] && ['post', 'put', 'patch', 'delete'].includes(m))) {
        const M = method.toUpperCase() as 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        for (const { headers, payload } of BODIES_OVER_THE_LIMITS) {
          const res = await t.inject({
            method: M,
            url: template.replace(/\{[^}]+\}/g, 'x'),
            headers: { ...headers, authorization: `Bearer ${app.token}` },
            payload,
          });
          expect({ call: `${M} ${template}`, body: res.json() }).toEqual({
            call: `${M} ${template}`,
            body: {
              statusCode: 400,
              error: 'Bad Request',
              message: expect.stringMatching(/^Payload validation error: the body (is nested more than 32 levels deep|holds more than 20000 values)$/),
              errorCode: 'invalid_body',
            },
          });
          expectMatchesContract(M, template, res);
        }
        seen.push(`${M} ${template}`);
      }
    }
    expect(seen).toEqual(expect.arrayContaining([`POST ${TOKEN}`, `POST ${REGISTER}`, `POST ${LOGIN}`, `DELETE ${UNEMULATED}`, `POST ${CLIENTS}`]));
  });
});

/**
 * Every route with the database broken after the caches warmed up: `breakDatabase` takes it away, then
 * each route answers `expected` (checked by `check`) and matches the contract; discovery and linting,
 * which need no database, still answer 200.
 */
async function everyRouteWithoutTheDatabase(
  t: ReturnType<typeof useContractApp>['t'],
  app: ReturnType<typeof useContractApp>,
  breakDatabase: () => Promise<void>,
  expected: 500 | 503,
  check: (res: LightMyRequestResponse) => void,
): Promise<void> {
  const auth = { authorization: `Bearer ${app.token}` };
  await t.inject({ method: 'GET', url: '/.well-known/jwks.json' }); // keys cached before the outage
  // The tenant and the verified token are cached too: during the outage the routes themselves fail.
  expect((await t.inject({ method: 'GET', url: CLIENTS, headers: auth })).statusCode).toBe(200);
  await breakDatabase();

  const ready = await t.inject({ method: 'GET', url: '/readyz' });
  expect(ready.statusCode).toBe(503);
  expectMatchesContract('GET', '/readyz', ready);

  // Discovery needs nothing but the (cached) tenant; a registration is counted in the database first.
  for (const url of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    const discovery = await t.inject({ method: 'GET', url });
    expect(discovery.statusCode).toBe(200);
    expectMatchesContract('GET', url, discovery);
  }
  const registration = await t.inject({ method: 'POST', url: REGISTER, payload: { redirect_uris: ['https://app.example/cb'] } });
  expect(registration.statusCode).toBe(expected);
  check(registration);
  expect(registration.headers['x-ratelimit-limit']).toBeUndefined();
  expectMatchesContract('POST', REGISTER, registration);

  const tokenRes = await t.inject({ method: 'POST', url: TOKEN, payload: { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' } });
  expect(tokenRes.statusCode).toBe(expected);
  check(tokenRes);
  expectMatchesContract('POST', TOKEN, tokenRes);

  // The user flows read the application (/authorize, /oauth/revoke, the refused endpoints) or the
  // transaction behind the login and consent forms: the same JSON error, never a page.
  const flowForm = { transaction: 'tx', csrf: 'csrf', email: 'a@example.com', password: 'x', decision: 'accept' };
  for (const [method, template, url, payload, cookies] of [
    ['GET', AUTHORIZE, `${AUTHORIZE}?client_id=x&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb`, undefined, {}],
    ['POST', LOGIN, LOGIN, form(flowForm), { gh_tx: 'tx' }],
    ['POST', CONSENT, CONSENT, form(flowForm), { gh_tx: 'tx' }],
    ['POST', REVOKE, REVOKE, form({ client_id: 'x', token: 'y' }), {}],
    ['POST', '/oauth/par', '/oauth/par', form({ client_id: 'x' }), {}],
  ] as const) {
    const res = await t.inject({ method, url, cookies, ...(payload ? { payload, headers: formHeaders } : {}) });
    expect({ call: `${method} ${url}`, status: res.statusCode }).toEqual({ call: `${method} ${url}`, status: expected });
    check(res);
    expectMatchesContract(method, template, res);
  }

  // Linting needs no database; every other route here reads or writes it.
  for (const [method, template, url, payload] of ONE_CALL_PER_OPERATION) {
    const res = await t.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
    const want = template === LINT ? 200 : expected;
    expect({ call: `${method} ${url}`, status: res.statusCode }).toEqual({ call: `${method} ${url}`, status: want });
    if (want !== 200) check(res);
    expectMatchesContract(method, template, res);
  }

  // A host the server has not seen yet needs the database to find its tenant: every route but the
  // health probes fails, before any rate-limit headers can be computed.
  const unseen = 'unseen.localhost:3000';
  const health = await t.inject({ method: 'GET', url: '/healthz', host: unseen });
  expect(health.statusCode).toBe(200);
  expectMatchesContract('GET', '/healthz', health);
  // /metrics is process-wide too (no tenant lookup): off in this app, it is the 404 of an unknown path, not a 5xx.
  const metrics = await t.inject({ method: 'GET', url: '/metrics', host: unseen });
  expect(metrics.statusCode).toBe(404);
  expectMatchesContract('GET', '/metrics', metrics);
  for (const [method, template, url, payload] of [
    ['GET', '/.well-known/jwks.json', '/.well-known/jwks.json', undefined],
    ['GET', '/.well-known/openid-configuration', '/.well-known/openid-configuration', undefined],
    ['GET', '/.well-known/oauth-authorization-server', '/.well-known/oauth-authorization-server', undefined],
    ['POST', REGISTER, REGISTER, { redirect_uris: ['https://app.example/cb'] }],
    ['GET', AUTHORIZE, `${AUTHORIZE}?client_id=x&response_type=code`, undefined],
    ['POST', LOGIN, LOGIN, {}],
    ['POST', CONSENT, CONSENT, {}],
    ['GET', STYLESHEET, STYLESHEET, undefined],
    ['POST', REVOKE, REVOKE, { token: 'x' }],
    ['GET', USERINFO, USERINFO, undefined],
    ...RESTRICTED_OPERATIONS.map((op) => {
      const [m, template] = op.split(' ') as ['GET' | 'POST', string];
      return [m, template, template.replace('{client_id}', 'x'), m === 'POST' ? {} : undefined] as const;
    }),
    ...ALL_UNEMULATED_METHODS.map((m) => [m, UNEMULATED, '/api/v2/roles', m === 'GET' || m === 'DELETE' ? undefined : { name: 'x' }] as const),
    ...ONE_CALL_PER_OPERATION,
  ] as const) {
    const res = await t.inject({ method, url, host: unseen, headers: auth, ...(payload ? { payload } : {}) });
    expect({ call: `${method} ${url}`, status: res.statusCode }).toEqual({ call: `${method} ${url}`, status: expected });
    check(res);
    expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    expectMatchesContract(method, template, res);
  }
}

/** Issue 12 §5: the database unreachable is a 503 to retry (Retry-After), in the route's error shape. */
describe('when the database goes away', () => {
  const app = useContractApp();
  const { t } = app;

  it('answers 503 with Retry-After everywhere, and /readyz 503 saying why', async () => {
    await everyRouteWithoutTheDatabase(
      t,
      app,
      () => t.app.get(DataSource).destroy(),
      503,
      (res) => {
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        const body = res.json();
        if ('error_description' in body) expect(body.error).toBe('temporarily_unavailable');
        else expect(body).toMatchObject({ statusCode: 503, errorCode: 'service_unavailable' });
      },
    );
  });
});

/**
 * A database fault that is not an outage (here every table gone from under the server) is a fault of
 * Gatehouse: 500 with a correlation id that is also logged, never a 503 that invites a retry.
 */
describe('when the database answers but its tables are gone', () => {
  const app = useContractApp();
  const { t } = app;

  it('answers 500 with a correlation id, and /readyz 503', async () => {
    const ds = t.app.get(DataSource);
    const removeTables = async () => {
      const names: { name: string }[] =
        ds.options.type === 'postgres'
          ? await ds.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`)
          : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
      for (const { name } of names) await ds.query(`ALTER TABLE "${name}" RENAME TO "${name}_gone"`);
    };
    await everyRouteWithoutTheDatabase(t, app, removeTables, 500, (res) => {
      expect(res.json().message).toContain(String(res.headers['x-request-id']));
    });
  });
});

describeCoverage('errors');
