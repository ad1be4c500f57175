import {
  RULE,
  RULES,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  useContractApp,
} from './support/contract';

/** /api/v2/rules against openapi.yaml (issue 11 §5). */
describe('responses match openapi.yaml', () => {
  const { api, tokenWith, expectUnparseableBodies } = useContractApp();
  const UNKNOWN = `${RULES}/rul_0000000000000000`;
  const script = 'function (user, context, callback) { callback(null, user, context); }';
  let n = 0;
  const newRule = async () => (await api('POST', RULES, { payload: { name: `contract rule ${++n}`, script } })).json();

  it('POST 201, 400, 409, 413, 415; GET 200 and 400', async () => {
    const body = { name: 'contract everything', script, order: 3, enabled: false };
    expectRequestMatchesContract('POST', RULES, 'application/json', body);
    const created = await api('POST', RULES, { payload: body });
    expect(created.statusCode).toBe(201);
    expectMatchesContract('POST', RULES, created);
    expectRequestRejectedByContract('POST', RULES, { name: 'x' });
    const bad = await api('POST', RULES, { payload: { name: 'x' } });
    expect(bad.statusCode).toBe(400);
    expectMatchesContract('POST', RULES, bad);
    const conflict = await api('POST', RULES, { payload: body });
    expect(conflict.statusCode).toBe(409);
    expectMatchesContract('POST', RULES, conflict);
    await expectUnparseableBodies('POST', RULES, RULES, { malformed: '{"name":', xml: '<rule/>' });
    for (const query of ['', '?include_totals=true&enabled=false', '?fields=id,name']) {
      const res = await api('GET', `${RULES}${query}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', RULES, res);
    }
    const badQuery = await api('GET', `${RULES}?take=1`);
    expect(badQuery.statusCode).toBe(400);
    expectMatchesContract('GET', RULES, badQuery);
  });

  it('GET/PATCH/DELETE by id: 200, 204, 400, 404, 409, 413, 415', async () => {
    const [r, other] = [await newRule(), await newRule()];
    for (const [method, url, payload, status] of [
      ['GET', `${RULES}/${r.id}`, undefined, 200],
      ['GET', `${RULES}/${r.id}?fields=script`, undefined, 200],
      ['GET', `${RULES}/${r.id}?page=1`, undefined, 400],
      ['GET', UNKNOWN, undefined, 404],
      ['PATCH', `${RULES}/${r.id}`, { enabled: false, order: 9 }, 200],
      ['PATCH', `${RULES}/${r.id}`, { stage: 'x' }, 400],
      ['PATCH', `${RULES}/${r.id}`, { name: other.name }, 409],
      ['PATCH', UNKNOWN, {}, 404],
      ['DELETE', `${RULES}/${r.id}`, undefined, 204],
      ['DELETE', `${RULES}/${r.id}`, undefined, 404],
    ] as const) {
      const res = await api(method, url, payload === undefined ? {} : { payload });
      expect({ method, url, status: res.statusCode }).toEqual({ method, url, status });
      expectMatchesContract(method, RULE, res);
    }
    await expectUnparseableBodies('PATCH', RULE, `${RULES}/${other.id}`, { malformed: '{"name":', xml: '<rule/>' });
    await expectUnparseableBodies('DELETE', RULE, UNKNOWN, { malformed: '{"x":', xml: '<x/>' });
  });

  it('every operation: 401 without a token, 403 without its scope', async () => {
    const narrow = await tokenWith('read:users');
    for (const [method, template, url, payload] of [
      ['GET', RULES, RULES, undefined],
      ['POST', RULES, RULES, { name: 'x', script }],
      ['GET', RULE, UNKNOWN, undefined],
      ['PATCH', RULE, UNKNOWN, {}],
      ['DELETE', RULE, UNKNOWN, undefined],
    ] as const) {
      for (const [bearer, status] of [
        [null, 401],
        [narrow, 403],
      ] as const) {
        const res = await api(method, url, { bearer, ...(payload === undefined ? {} : { payload }) });
        expect({ method, url, status: res.statusCode }).toEqual({ method, url, status });
        expectMatchesContract(method, template, res);
      }
    }
  });
});

describeCoverage('rules');
