import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, TestApp } from '@gatehouse/testing';

/**
 * The clock API (issue 14 §2, SPEC §1, §9): GET/PUT /ext/v1/clock moves the one clock of the installation,
 * for every tenant, without a restart; the flip, the migration toggle and eligibility follow at once, and
 * /readyz shows the instant. Off unless GATEHOUSE_CLOCK_API=on; the root credential moves it.
 */
const ROOT = 'root-credential-for-the-clock-e2e-0123456789abcdef';

function expectAuth0Error(res: LightMyRequestResponse, statusCode: number, errorCode: string) {
  expect(res.statusCode).toBe(statusCode);
  expect(res.json()).toEqual({ statusCode, error: expect.any(String), message: expect.any(String), errorCode });
}

describe('clock API on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      now: new Date('2026-10-22T12:00:00Z'),
      // The default account is eligible by its recorded history, so its toggle is on until the flip.
      env: { GATEHOUSE_ROOT_TOKEN: ROOT, GATEHOUSE_CLOCK_API: 'on', GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: 'third_party_before:2026-02-01' },
    });
  });
  afterAll(() => t.close());

  const clock = (method: 'GET' | 'PUT', payload?: object, authorization: string | null = `Bearer ${ROOT}`) =>
    t.inject({ method, url: '/ext/v1/clock', headers: authorization === null ? {} : { authorization }, ...(payload ? { payload } : {}) });
  const moveTo = async (iso: string) => {
    const res = await clock('PUT', { now: iso });
    expect(res.statusCode).toBe(200);
    expect(Date.parse(res.json().now) - Date.parse(iso)).toBeLessThan(5_000);
    return res;
  };
  const readyNow = async () => {
    const res = await t.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', now: expect.any(String) });
    return Date.parse(res.json().now);
  };
  const newThirdPartyMode = async (host = t.main.host, token?: string) => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v2/clients',
      host,
      headers: { authorization: `Bearer ${token ?? (await t.token())}` },
      payload: { name: 'partner', is_first_party: false },
    });
    expect(res.statusCode).toBe(201);
    return res.json().third_party_security_mode;
  };
  const toggle = async () =>
    (await t.inject({ method: 'GET', url: '/ext/v1/migrations', headers: { authorization: `Bearer ${await t.token()}` } })).json()
      .create_permissive_third_party_clients_by_default;

  it('GET answers the clock, which runs on in real time', async () => {
    const res = await clock('GET');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ now: expect.stringMatching(/^2026-10-22T12:00:/) });
  });

  it('needs the root credential: 401 without it or with a tenant token', async () => {
    expectAuth0Error(await clock('GET', undefined, null), 401, 'missing_authentication');
    expectAuth0Error(await clock('PUT', { now: '2030-01-01T00:00:00Z' }, null), 401, 'missing_authentication');
    expectAuth0Error(await clock('PUT', { now: '2030-01-01T00:00:00Z' }, `Bearer ${await t.token()}`), 401, 'invalid_token');
    expect((await clock('GET')).json().now).toMatch(/^2026-10-22/);
  });

  it.each([[{}], [{ now: 'tomorrow' }], [{ now: '2026-10-23' }], [{ now: '2026-10-23T00:00:00Z', extra: 1 }], [{ now: 1793000000 }]])(
    'PUT %p → 400 invalid_body, the clock unmoved',
    async (body) => {
      expectAuth0Error(await clock('PUT', body), 400, 'invalid_body');
      expect((await clock('GET')).json().now).toMatch(/^2026-10-22/);
    },
  );

  it('crossing October 23, 2026 flips the default of POST /clients and the toggle at once, for every tenant, and back, without a restart; /readyz shows the instant', async () => {
    const other = await t.createTenant('other.localhost:3000', t.main.tenant.accountId);
    const otherToken = await t.token(other);

    await moveTo('2026-10-22T23:59:00Z');
    expect(Math.abs((await readyNow()) - Date.parse('2026-10-22T23:59:00Z'))).toBeLessThan(5_000);
    expect(await toggle()).toBe(true);
    expect(await newThirdPartyMode()).toBe('permissive');
    expect(await newThirdPartyMode(other.host, otherToken)).toBe('permissive');

    await moveTo('2026-10-23T00:00:00Z');
    expect(Math.abs((await readyNow()) - Date.parse('2026-10-23T00:00:00Z'))).toBeLessThan(5_000);
    expect(await toggle()).toBe(false);
    expect(await newThirdPartyMode()).toBe('strict');
    expect(await newThirdPartyMode(other.host, otherToken)).toBe('strict');

    await moveTo('2026-10-01T00:00:00Z');
    expect(await toggle()).toBe(true);
    expect(await newThirdPartyMode()).toBe('permissive');
  });

  it('eligibility follows the clock: a recorded history counts from the date it claims', async () => {
    const account = await t.inject({
      method: 'POST',
      url: '/ext/v1/accounts',
      headers: { authorization: `Bearer ${ROOT}` },
      payload: { name: 'Later history', history: { third_party_applications_before_april_2026: true, since: '2026-02-01T00:00:00Z' } },
    });
    const read = async () =>
      (await t.inject({ method: 'GET', url: `/ext/v1/accounts/${account.json().id}`, headers: { authorization: `Bearer ${ROOT}` } })).json().eligibility;
    await moveTo('2026-01-15T00:00:00Z');
    expect(await read()).toMatchObject({ eligible: false, source: 'none', explanation: expect.stringContaining("after the clock's current instant") });
    await moveTo('2026-02-02T00:00:00Z');
    expect(await read()).toMatchObject({ eligible: true, source: 'recorded_history', since: '2026-02-01T00:00:00.000Z' });
  });
});

describe('clock API off (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-06-01T00:00:00Z'), env: { GATEHOUSE_ROOT_TOKEN: ROOT } });
  });
  afterAll(() => t.close());

  it('GET and PUT answer 404 in Auth0 shape, whatever the credential, and the clock stays', async () => {
    for (const headers of [{}, { authorization: `Bearer ${ROOT}` }, { authorization: `Bearer ${await t.token()}` }]) {
      for (const method of ['GET', 'PUT'] as const) {
        const res = await t.inject({ method, url: '/ext/v1/clock', headers, ...(method === 'PUT' ? { payload: { now: '2030-01-01T00:00:00Z' } } : {}) });
        expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' });
      }
    }
    const ready = await t.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json().now).toMatch(/^2026-06-01/);
  });
});
