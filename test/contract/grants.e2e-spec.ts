import { UserGrantsRepository } from '@gatehouse/user-grants';
import { CONNECTIONS, USER_GRANT, USER_GRANTS, USERS, describeCoverage, expectMatchesContract, useContractApp } from './support/contract';

/** /api/v2/grants against openapi.yaml (issue 11 §5). Consents are made through the repository the consent page uses. */
describe('responses match openapi.yaml', () => {
  const { t, api, tokenWith, expectUnparseableBodies, newClient } = useContractApp();
  let userId: string;
  let clientId: string;
  beforeAll(async () => {
    await api('POST', CONNECTIONS, { payload: { name: 'contract-grants', strategy: 'auth0' } });
    userId = (await api('POST', USERS, { payload: { connection: 'contract-grants', email: 'grants@example.com', password: 'x' } })).json().user_id;
    clientId = (await newClient({ name: 'contract: grants app' })).client_id;
  });
  const consent = (audience: string) =>
    t.app.get(UserGrantsRepository).grant({ tenantId: t.main.tenant.id, userId, clientId, audience, scopes: ['read:a'], at: t.clock.now().toISOString() });

  it('GET 200 as an array, with totals and filtered; 400 for an unknown parameter', async () => {
    await consent('urn:contract:a');
    await consent('urn:contract:b');
    for (const query of ['', '?include_totals=true&per_page=1', `?user_id=${encodeURIComponent(userId)}&client_id=${clientId}&audience=urn:contract:a`]) {
      const res = await api('GET', `${USER_GRANTS}${query}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', USER_GRANTS, res);
    }
    const bad = await api('GET', `${USER_GRANTS}?take=1`);
    expect(bad.statusCode).toBe(400);
    expectMatchesContract('GET', USER_GRANTS, bad);
  });

  it('DELETE by user_id: 204; 400 without user_id; 400/413/415 for an unparseable body', async () => {
    await consent('urn:contract:c');
    const res = await api('DELETE', `${USER_GRANTS}?user_id=${encodeURIComponent(userId)}`);
    expect(res.statusCode).toBe(204);
    expectMatchesContract('DELETE', USER_GRANTS, res);
    const missing = await api('DELETE', USER_GRANTS);
    expect(missing.statusCode).toBe(400);
    expectMatchesContract('DELETE', USER_GRANTS, missing);
    await expectUnparseableBodies('DELETE', USER_GRANTS, `${USER_GRANTS}?user_id=x`, { malformed: '{"x":', xml: '<x/>' });
  });

  it('DELETE by id: 204 (also for an unknown id); 400/413/415 for an unparseable body', async () => {
    const g = await consent('urn:contract:d');
    for (const id of [g.id, g.id]) {
      const res = await api('DELETE', `${USER_GRANTS}/${id}`);
      expect(res.statusCode).toBe(204);
      expectMatchesContract('DELETE', USER_GRANT, res);
    }
    await expectUnparseableBodies('DELETE', USER_GRANT, `${USER_GRANTS}/${g.id}`, { malformed: '{"x":', xml: '<x/>' });
  });

  it('every operation: 401 without a token, 403 without its scope', async () => {
    const narrow = await tokenWith('read:users');
    for (const [method, template, url] of [
      ['GET', USER_GRANTS, USER_GRANTS],
      ['DELETE', USER_GRANTS, `${USER_GRANTS}?user_id=x`],
      ['DELETE', USER_GRANT, `${USER_GRANTS}/000000000000000000000000`],
    ] as const) {
      for (const [bearer, status] of [
        [null, 401],
        [narrow, 403],
      ] as const) {
        const res = await api(method, url, { bearer });
        expect({ method, url, status: res.statusCode }).toEqual({ method, url, status });
        expectMatchesContract(method, template, res);
      }
    }
  });
});

describeCoverage('grants');
