import {
  CONNECTION,
  CONNECTION_CLIENTS,
  CONNECTIONS,
  Json,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  useContractApp,
} from './support/contract';

/** /api/v2/connections and /api/v2/connections/{id}/clients against openapi.yaml (issue 11 §5). */
describe('responses match openapi.yaml', () => {
  const { api, tokenWith, expectUnparseableBodies, newClient } = useContractApp();
  const UNKNOWN = `${CONNECTIONS}/con_0000000000000000`;
  const newConnection = async (over: Record<string, unknown> = {}): Promise<Json> => {
    const res = await api('POST', CONNECTIONS, { payload: { name: `contract-${Math.random().toString(36).slice(2, 10)}`, strategy: 'auth0', ...over } });
    expect(res.statusCode).toBe(201);
    return res.json() as Json;
  };

  describe('/api/v2/connections', () => {
    it('POST 201 with every property; GET 200 in each list shape and projected', async () => {
      const client = await newClient({ name: 'contract: connection app' });
      const body = {
        name: 'contract-everything',
        display_name: 'Everything',
        strategy: 'auth0',
        options: { passwordPolicy: 'excellent', requires_username: false, password_complexity_options: { min_length: 12 } },
        enabled_clients: [client.client_id],
        is_domain_connection: true,
        show_as_button: false,
        realms: ['everything'],
        metadata: { team: 'contract' },
        authentication: { active: true },
        connected_accounts: { active: false },
      };
      expectRequestMatchesContract('POST', CONNECTIONS, 'application/json', body);
      const created = await api('POST', CONNECTIONS, { payload: body });
      expect(created.statusCode).toBe(201);
      expectMatchesContract('POST', CONNECTIONS, created);
      expect(created.json()).toEqual({ id: expect.stringMatching(/^con_/), ...body });
      for (const query of ['', '?include_totals=true', '?take=1', '?strategy=auth0&name=contract-everything&fields=id,name']) {
        const res = await api('GET', `${CONNECTIONS}${query}`);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', CONNECTIONS, res);
      }
    });

    it.each([
      ['a strategy Gatehouse does not emulate', { name: 'gh', strategy: 'github' }],
      ['a malformed name', { name: '-x', strategy: 'auth0' }],
      ['an unknown property', { name: 'x', strategy: 'auth0', bogus: 1 }],
    ])('POST 400 invalid_body for %s', async (_, body) => {
      if (body.strategy === 'auth0') expectRequestRejectedByContract('POST', CONNECTIONS, body);
      const res = await api('POST', CONNECTIONS, { payload: body });
      expect(res.statusCode).toBe(400);
      expectMatchesContract('POST', CONNECTIONS, res);
    });

    it('POST 404 for an unknown enabled client, 409 for a taken name, 400/413/415 for unparseable bodies', async () => {
      const missing = await api('POST', CONNECTIONS, { payload: { name: 'contract-missing-client', strategy: 'auth0', enabled_clients: ['nope'] } });
      expect(missing.statusCode).toBe(404);
      expectMatchesContract('POST', CONNECTIONS, missing);
      const taken = await newConnection();
      const conflict = await api('POST', CONNECTIONS, { payload: { name: taken.name, strategy: 'auth0' } });
      expect(conflict.statusCode).toBe(409);
      expectMatchesContract('POST', CONNECTIONS, conflict);
      await expectUnparseableBodies('POST', CONNECTIONS, CONNECTIONS, { malformed: '{"name":', xml: '<connection/>' });
    });

    it('GET 400 for an unknown query parameter or strategy', async () => {
      for (const query of ['?bogus=1', '?strategy=carrier-pigeon']) {
        const res = await api('GET', `${CONNECTIONS}${query}`);
        expect(res.statusCode).toBe(400);
        expectMatchesContract('GET', CONNECTIONS, res);
      }
    });
  });

  describe('/api/v2/connections/{id}', () => {
    it('GET 200 (whole and projected), 400, 404', async () => {
      const c = await newConnection();
      for (const query of ['', '?fields=enabled_clients&include_fields=true']) {
        const res = await api('GET', `${CONNECTIONS}/${c.id}${query}`);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', CONNECTION, res);
      }
      const badQuery = await api('GET', `${CONNECTIONS}/${c.id}?page=1`);
      expect(badQuery.statusCode).toBe(400);
      expectMatchesContract('GET', CONNECTION, badQuery);
      const missing = await api('GET', UNKNOWN);
      expect(missing.statusCode).toBe(404);
      expectMatchesContract('GET', CONNECTION, missing);
    });

    it('PATCH 200, 400, 404 (connection and client), 413, 415', async () => {
      const c = await newConnection();
      const body = { options: null, enabled_clients: null, is_domain_connection: true, realms: ['r'] };
      expectRequestMatchesContract('PATCH', CONNECTION, 'application/json', body);
      const ok = await api('PATCH', `${CONNECTIONS}/${c.id}`, { payload: body });
      expect(ok.statusCode).toBe(200);
      expectMatchesContract('PATCH', CONNECTION, ok);
      expectRequestRejectedByContract('PATCH', CONNECTION, { name: 'renamed' });
      const bad = await api('PATCH', `${CONNECTIONS}/${c.id}`, { payload: { name: 'renamed' } });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('PATCH', CONNECTION, bad);
      for (const [url, payload] of [
        [UNKNOWN, {}],
        [`${CONNECTIONS}/${c.id}`, { enabled_clients: ['nope'] }],
      ] as const) {
        const res = await api('PATCH', url, { payload });
        expect(res.statusCode).toBe(404);
        expectMatchesContract('PATCH', CONNECTION, res);
      }
      await expectUnparseableBodies('PATCH', CONNECTION, `${CONNECTIONS}/${c.id}`, { malformed: '{"realms":', xml: '<connection/>' });
    });

    it('DELETE 202, then 404; 400/413/415 for an unparseable body', async () => {
      const c = await newConnection();
      const res = await api('DELETE', `${CONNECTIONS}/${c.id}`);
      expect(res.statusCode).toBe(202);
      expectMatchesContract('DELETE', CONNECTION, res);
      const again = await api('DELETE', `${CONNECTIONS}/${c.id}`);
      expect(again.statusCode).toBe(404);
      expectMatchesContract('DELETE', CONNECTION, again);
      await expectUnparseableBodies('DELETE', CONNECTION, UNKNOWN, { malformed: '{"x":', xml: '<x/>' });
    });
  });

  describe('/api/v2/connections/{id}/clients', () => {
    it('PATCH 204 then GET 200 with next; GET 400 and 404', async () => {
      const c = await newConnection();
      const [a, b] = [await newClient({ name: 'contract: ec a' }), await newClient({ name: 'contract: ec b' })];
      const body = [
        { client_id: a.client_id, status: true },
        { client_id: b.client_id, status: true },
      ];
      expectRequestMatchesContract('PATCH', CONNECTION_CLIENTS, 'application/json', body);
      const patched = await api('PATCH', `${CONNECTIONS}/${c.id}/clients`, { payload: body });
      expect(patched.statusCode).toBe(204);
      expectMatchesContract('PATCH', CONNECTION_CLIENTS, patched);
      const first = await api('GET', `${CONNECTIONS}/${c.id}/clients?take=1`);
      expect(first.statusCode).toBe(200);
      expect(first.json().next).toEqual(expect.any(String));
      expectMatchesContract('GET', CONNECTION_CLIENTS, first);
      const second = await api('GET', `${CONNECTIONS}/${c.id}/clients?take=1&from=${encodeURIComponent(first.json().next)}`);
      expectMatchesContract('GET', CONNECTION_CLIENTS, second);
      const badQuery = await api('GET', `${CONNECTIONS}/${c.id}/clients?per_page=1`);
      expect(badQuery.statusCode).toBe(400);
      expectMatchesContract('GET', CONNECTION_CLIENTS, badQuery);
      const missing = await api('GET', `${UNKNOWN}/clients`);
      expect(missing.statusCode).toBe(404);
      expectMatchesContract('GET', CONNECTION_CLIENTS, missing);
    });

    it('PATCH 400 (not an array, too many, unknown key), 404 (connection, client), 413, 415', async () => {
      const c = await newConnection();
      for (const payload of [
        { client_id: 'x', status: true },
        Array.from({ length: 51 }, (_, i) => ({ client_id: `c${i}`, status: true })),
        [{ client_id: 'x', status: true, extra: 1 }],
      ]) {
        expectRequestRejectedByContract('PATCH', CONNECTION_CLIENTS, payload);
        const res = await api('PATCH', `${CONNECTIONS}/${c.id}/clients`, { payload });
        expect(res.statusCode).toBe(400);
        expectMatchesContract('PATCH', CONNECTION_CLIENTS, res);
      }
      for (const url of [`${UNKNOWN}/clients`, `${CONNECTIONS}/${c.id}/clients`]) {
        const res = await api('PATCH', url, { payload: [{ client_id: 'nope', status: true }] });
        expect(res.statusCode).toBe(404);
        expectMatchesContract('PATCH', CONNECTION_CLIENTS, res);
      }
      await expectUnparseableBodies('PATCH', CONNECTION_CLIENTS, `${CONNECTIONS}/${c.id}/clients`, { malformed: '[{"client_id":', xml: '<clients/>' });
    });
  });

  it('every operation: 401 without a token, 403 without its scope', async () => {
    const narrow = await tokenWith('read:clients');
    for (const [method, template, url, payload] of [
      ['GET', CONNECTIONS, CONNECTIONS, undefined],
      ['POST', CONNECTIONS, CONNECTIONS, { name: 'x', strategy: 'auth0' }],
      ['GET', CONNECTION, UNKNOWN, undefined],
      ['PATCH', CONNECTION, UNKNOWN, {}],
      ['DELETE', CONNECTION, UNKNOWN, undefined],
      ['GET', CONNECTION_CLIENTS, `${UNKNOWN}/clients`, undefined],
      ['PATCH', CONNECTION_CLIENTS, `${UNKNOWN}/clients`, [{ client_id: 'x', status: true }]],
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

describeCoverage('connections');
