import {
  CONNECTIONS,
  Json,
  USER,
  USERS,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  useContractApp,
} from './support/contract';

/** /api/v2/users against openapi.yaml (issue 11 §5). */
describe('responses match openapi.yaml', () => {
  const { api, tokenWith, expectUnparseableBodies } = useContractApp();
  const UNKNOWN = `${USERS}/auth0%7C000000000000000000000000`;
  let connection: string;
  beforeAll(async () => {
    const res = await api('POST', CONNECTIONS, { payload: { name: 'contract-users', strategy: 'auth0', options: { passwordPolicy: 'fair' } } });
    connection = res.json().name;
  });
  let n = 0;
  const newUser = async (over: Record<string, unknown> = {}): Promise<Json> => {
    const res = await api('POST', USERS, { payload: { connection, email: `user${++n}@example.com`, password: 'Abcdefg1', ...over } });
    expect(res.statusCode).toBe(201);
    return res.json() as Json;
  };

  describe('/api/v2/users', () => {
    it('POST 201 with every property; GET 200 as an array, a page with totals and projected', async () => {
      const body = {
        connection,
        email: 'everything@example.com',
        password: 'Abcdefg1',
        phone_number: '+14155550100',
        user_metadata: { a: 1 },
        app_metadata: { b: [2] },
        blocked: false,
        email_verified: true,
        phone_verified: false,
        given_name: 'Every',
        family_name: 'Thing',
        name: 'Every Thing',
        nickname: 'every',
        picture: 'https://example.com/p.png',
        user_id: 'contract-everything',
        verify_email: false,
      };
      expectRequestMatchesContract('POST', USERS, 'application/json', body);
      const created = await api('POST', USERS, { payload: body });
      expect(created.statusCode).toBe(201);
      expectMatchesContract('POST', USERS, created);
      for (const query of ['', '?include_totals=true&per_page=5', `?connection=${connection}&fields=user_id,email&search_engine=v3`]) {
        const res = await api('GET', `${USERS}${query}`);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', USERS, res);
      }
    });

    it('POST 400 (invalid_body, invalid_password, inexistent_connection), 409, 413, 415', async () => {
      for (const [payload, code] of [
        [{ connection, email: 'x@example.com', password: 'Abcdefg1', bogus: 1 }, 'invalid_body'],
        [{ connection, email: 'x@example.com', password: 'short' }, 'invalid_password'],
        [{ connection: 'nope', email: 'x@example.com', password: 'Abcdefg1' }, 'inexistent_connection'],
      ] as const) {
        const res = await api('POST', USERS, { payload });
        expect({ code: res.json().errorCode, status: res.statusCode }).toEqual({ code, status: 400 });
        expectMatchesContract('POST', USERS, res);
      }
      expectRequestRejectedByContract('POST', USERS, { connection, email: 'x@example.com', bogus: 1 });
      const existing = await newUser();
      const conflict = await api('POST', USERS, { payload: { connection, email: existing.email, password: 'Abcdefg1' } });
      expect(conflict.statusCode).toBe(409);
      expectMatchesContract('POST', USERS, conflict);
      await expectUnparseableBodies('POST', USERS, USERS, { malformed: '{"email":', xml: '<user/>' });
    });

    it('GET 400 for q (not emulated) and unknown parameters', async () => {
      for (const query of ['?q=email%3Ax', '?bogus=1']) {
        const res = await api('GET', `${USERS}${query}`);
        expect(res.statusCode).toBe(400);
        expectMatchesContract('GET', USERS, res);
      }
    });
  });

  describe('/api/v2/users/{id}', () => {
    it('GET 200 (whole and projected), 400, 404', async () => {
      const u = await newUser();
      for (const query of ['', '?fields=identities&include_fields=true']) {
        const res = await api('GET', `${USERS}/${encodeURIComponent(u.user_id)}${query}`);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', USER, res);
      }
      const badQuery = await api('GET', `${USERS}/${encodeURIComponent(u.user_id)}?page=1`);
      expect(badQuery.statusCode).toBe(400);
      expectMatchesContract('GET', USER, badQuery);
      const missing = await api('GET', UNKNOWN);
      expect(missing.statusCode).toBe(404);
      expectMatchesContract('GET', USER, missing);
    });

    it('PATCH 200, 400, 404, 409, 413, 415', async () => {
      const u = await newUser();
      const other = await newUser();
      const url = `${USERS}/${encodeURIComponent(u.user_id)}`;
      const body = {
        given_name: null,
        picture: null,
        user_metadata: { k: null },
        blocked: true,
        connection,
        client_id: 'x',
        verify_phone_number: false,
        phone_number: null,
      };
      expectRequestMatchesContract('PATCH', USER, 'application/json', body);
      const ok = await api('PATCH', url, { payload: body });
      expect(ok.statusCode).toBe(200);
      expectMatchesContract('PATCH', USER, ok);
      for (const payload of [{ user_id: 'x' }, { password: 'short' }]) {
        const res = await api('PATCH', url, { payload });
        expect(res.statusCode).toBe(400);
        expectMatchesContract('PATCH', USER, res);
      }
      const missing = await api('PATCH', UNKNOWN, { payload: {} });
      expect(missing.statusCode).toBe(404);
      expectMatchesContract('PATCH', USER, missing);
      const conflict = await api('PATCH', url, { payload: { email: other.email } });
      expect(conflict.statusCode).toBe(409);
      expectMatchesContract('PATCH', USER, conflict);
      await expectUnparseableBodies('PATCH', USER, url, { malformed: '{"name":', xml: '<user/>' });
    });

    it('DELETE 204, then 404; 400/413/415 for an unparseable body', async () => {
      const u = await newUser();
      const url = `${USERS}/${encodeURIComponent(u.user_id)}`;
      const res = await api('DELETE', url);
      expect(res.statusCode).toBe(204);
      expectMatchesContract('DELETE', USER, res);
      const again = await api('DELETE', url);
      expect(again.statusCode).toBe(404);
      expectMatchesContract('DELETE', USER, again);
      await expectUnparseableBodies('DELETE', USER, UNKNOWN, { malformed: '{"x":', xml: '<x/>' });
    });
  });

  it('every operation: 401 without a token, 403 without its scope', async () => {
    const narrow = await tokenWith('read:connections');
    for (const [method, template, url, payload] of [
      ['GET', USERS, USERS, undefined],
      ['POST', USERS, USERS, { connection: 'x' }],
      ['GET', USER, UNKNOWN, undefined],
      ['PATCH', USER, UNKNOWN, {}],
      ['DELETE', USER, UNKNOWN, undefined],
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

describeCoverage('users');
