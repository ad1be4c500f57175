import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, TestApp } from '@gatehouse/testing';
import {
  ACCOUNT,
  ACCOUNTS,
  CLOCK,
  CONTROL_TENANT,
  CONTROL_TENANTS,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  useContractApp,
  BODIES_OVER_THE_LIMITS,
} from './support/contract';

/** The control plane and the clock (issue 14 §1, §2): /ext/v1/accounts, /ext/v1/tenants, /ext/v1/clock, behind the root credential. */
const ROOT = 'root-credential-for-the-contract-test-0123456789';

describe('responses match openapi.yaml', () => {
  const { t } = useContractApp({ now: new Date('2026-06-01T00:00:00Z'), env: { GATEHOUSE_ROOT_TOKEN: ROOT, GATEHOUSE_CLOCK_API: 'on' } });
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, authorization: string | null = `Bearer ${ROOT}`) =>
    t.inject({ method, url, headers: authorization === null ? {} : { authorization }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const seen = (method: string, template: string, res: LightMyRequestResponse, status: number) => {
    expect(res.statusCode).toBe(status);
    expectMatchesContract(method, template, res);
  };

  it('accounts: create (201, 400), list (200 both shapes, 400), read (200, 404), delete (204, 404, 409); 401 everywhere', async () => {
    const body = { name: 'Acme', history: { third_party_applications_before_april_2026: true, since: '2026-02-01' } };
    expectRequestMatchesContract('POST', ACCOUNTS, 'application/json', body);
    const created = await call('POST', ACCOUNTS, body);
    seen('POST', ACCOUNTS, created, 201);
    const bad = { name: 'x', history: { third_party_applications_before_april_2026: true, since: 'last year' } };
    expectRequestRejectedByContract('POST', ACCOUNTS, bad);
    seen('POST', ACCOUNTS, await call('POST', ACCOUNTS, bad), 400);
    seen('POST', ACCOUNTS, await call('POST', ACCOUNTS, { name: 'x' }, null), 401);

    seen('GET', ACCOUNTS, await call('GET', ACCOUNTS), 200);
    seen('GET', ACCOUNTS, await call('GET', `${ACCOUNTS}?include_totals=true&per_page=1`), 200);
    seen('GET', ACCOUNTS, await call('GET', `${ACCOUNTS}?per_page=0`), 400);
    seen('GET', ACCOUNTS, await call('GET', ACCOUNTS, undefined, 'Bearer wrong'), 401);

    const id = created.json().id;
    seen('GET', ACCOUNT, await call('GET', `${ACCOUNTS}/${id}`), 200);
    seen('GET', ACCOUNT, await call('GET', `${ACCOUNTS}/acc_none`), 404);
    seen('GET', ACCOUNT, await call('GET', `${ACCOUNTS}/${id}`, undefined, null), 401);

    const tenant = await call('POST', CONTROL_TENANTS, { account_id: id, domain: 'contract.localhost:3000' });
    seen('DELETE', ACCOUNT, await call('DELETE', `${ACCOUNTS}/${id}`), 409);
    await call('DELETE', `${CONTROL_TENANTS}/${tenant.json().id}`);
    seen('DELETE', ACCOUNT, await call('DELETE', `${ACCOUNTS}/${id}`, undefined, null), 401);
    seen('DELETE', ACCOUNT, await call('DELETE', `${ACCOUNTS}/${id}`), 204);
    seen('DELETE', ACCOUNT, await call('DELETE', `${ACCOUNTS}/${id}`), 404);
  });

  it('tenants: create (201, 400, 409), list (200 both shapes, 400), read (200, 404), delete (204, 404, 409); 401 everywhere', async () => {
    const account = (await call('POST', ACCOUNTS, { name: 'Tenants' })).json().id;
    const body = { account_id: account, domain: 'tenants.localhost:3000', friendly_name: 'Tenants Inc' };
    expectRequestMatchesContract('POST', CONTROL_TENANTS, 'application/json', body);
    const created = await call('POST', CONTROL_TENANTS, body);
    seen('POST', CONTROL_TENANTS, created, 201);
    seen('POST', CONTROL_TENANTS, await call('POST', CONTROL_TENANTS, body), 409);
    const bad = { account_id: account, domain: 'Not A Host' };
    expectRequestRejectedByContract('POST', CONTROL_TENANTS, bad);
    seen('POST', CONTROL_TENANTS, await call('POST', CONTROL_TENANTS, bad), 400);
    seen('POST', CONTROL_TENANTS, await call('POST', CONTROL_TENANTS, body, null), 401);

    seen('GET', CONTROL_TENANTS, await call('GET', `${CONTROL_TENANTS}?account_id=${account}`), 200);
    seen('GET', CONTROL_TENANTS, await call('GET', `${CONTROL_TENANTS}?include_totals=true`), 200);
    seen('GET', CONTROL_TENANTS, await call('GET', `${CONTROL_TENANTS}?page=x`), 400);
    seen('GET', CONTROL_TENANTS, await call('GET', CONTROL_TENANTS, undefined, null), 401);

    const id = created.json().id;
    seen('GET', CONTROL_TENANT, await call('GET', `${CONTROL_TENANTS}/${id}`), 200);
    seen('GET', CONTROL_TENANT, await call('GET', `${CONTROL_TENANTS}/ten_none`), 404);
    seen('GET', CONTROL_TENANT, await call('GET', `${CONTROL_TENANTS}/${id}`, undefined, null), 401);

    seen('DELETE', CONTROL_TENANT, await call('DELETE', `${CONTROL_TENANTS}/${t.main.tenant.id}`), 409);
    seen('DELETE', CONTROL_TENANT, await call('DELETE', `${CONTROL_TENANTS}/${id}`, undefined, null), 401);
    seen('DELETE', CONTROL_TENANT, await call('DELETE', `${CONTROL_TENANTS}/${id}`), 204);
    seen('DELETE', CONTROL_TENANT, await call('DELETE', `${CONTROL_TENANTS}/${id}`), 404);
  });

  it('deletes refuse a body over the limits (400 invalid_body) before anything else', async () => {
    for (const { headers, payload } of BODIES_OVER_THE_LIMITS) {
      for (const template of [ACCOUNT, CONTROL_TENANT]) {
        const res = await t.inject({ method: 'DELETE', url: template.replace('{id}', 'x'), headers: { ...headers, authorization: `Bearer ${ROOT}` }, payload });
        expect(res.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
        seen('DELETE', template, res, 400);
      }
    }
  });

  it('clock: read (200), move (200, 400); 401', async () => {
    seen('GET', CLOCK, await call('GET', CLOCK), 200);
    seen('GET', CLOCK, await call('GET', CLOCK, undefined, null), 401);
    expectRequestMatchesContract('PUT', CLOCK, 'application/json', { now: '2026-06-02T00:00:00Z' });
    seen('PUT', CLOCK, await call('PUT', CLOCK, { now: '2026-06-02T00:00:00Z' }), 200);
    expectRequestRejectedByContract('PUT', CLOCK, { now: 'soon' });
    seen('PUT', CLOCK, await call('PUT', CLOCK, { now: 'soon' }), 400);
    seen('PUT', CLOCK, await call('PUT', CLOCK, { now: '2026-06-02T00:00:00Z' }, null), 401);
  });

  describe('not configured: no root credential, no clock API', () => {
    let bare: TestApp;
    beforeAll(async () => {
      bare = await createTestApp({ now: new Date('2026-06-01T00:00:00Z') });
    });
    afterAll(() => bare.close());

    it('every route answers 404', async () => {
      const token = `Bearer ${ROOT}`;
      for (const [method, template, url, payload] of [
        ['POST', ACCOUNTS, ACCOUNTS, { name: 'x' }],
        ['GET', ACCOUNTS, ACCOUNTS, undefined],
        ['POST', CONTROL_TENANTS, CONTROL_TENANTS, { account_id: 'acc_x', domain: 'x.localhost' }],
        ['GET', CONTROL_TENANTS, CONTROL_TENANTS, undefined],
        ['GET', CLOCK, CLOCK, undefined],
        ['PUT', CLOCK, CLOCK, { now: '2026-06-02T00:00:00Z' }],
      ] as const) {
        const res = await bare.inject({ method, url, headers: { authorization: token }, ...(payload ? { payload } : {}) });
        seen(method, template, res, 404);
      }
    });
  });
});

describeCoverage('control-plane');
