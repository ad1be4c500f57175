import {
  ALL_UNEMULATED_METHODS,
  BODIES_OVER_THE_LIMITS,
  HUGE,
  UNEMULATED,
  WRITE_METHODS,
  describeCoverage,
  expectMatchesContract,
  useContractApp,
} from './support/contract';

/** The Management API routes Gatehouse does not emulate (the /api/v2 catch-all). */

describe('responses match openapi.yaml', () => {
  const app = useContractApp();
  const { t } = app;

  describe('/api/v2/{unemulatedPath}', () => {
    it.each(ALL_UNEMULATED_METHODS)('%s without a token → 401 missing_authentication', async (method) => {
      const res = await t.inject({ method, url: '/api/v2/roles', ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
      expect(res.statusCode).toBe(401);
      expect(res.json().errorCode).toBe('missing_authentication');
      expectMatchesContract(method, UNEMULATED, res);
    });

    it('DELETE with a body over the limits → 400 invalid_body', async () => {
      for (const { headers, payload } of BODIES_OVER_THE_LIMITS) {
        const res = await t.inject({ method: 'DELETE', url: '/api/v2/roles/rol_1', headers: { ...headers, authorization: `Bearer ${app.token}` }, payload });
        expect(res.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
        expectMatchesContract('DELETE', UNEMULATED, res);
      }
    });

    it('GET with a token that fails verification → 401 invalid_token', async () => {
      const [h, p] = app.token.split('.');
      const res = await t.inject({ method: 'GET', url: '/api/v2/roles', headers: { authorization: `Bearer ${h}.${p}.AAAA` } });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('GET', UNEMULATED, res);
    });

    it.each([
      ['GET', '/api/v2/roles', 'read:roles'],
      ['GET', '/api/v2/roles/rol_123/users?page=0', 'read:roles'],
      ['POST', '/api/v2/actions/actions', 'create:actions'],
      ['PUT', '/api/v2/rules-configs/KEY', 'update:rules_configs'],
      ['PATCH', '/api/v2/roles/rul_123', 'update:roles'],
      ['DELETE', '/api/v2/log-streams/lst_1', 'delete:log_streams'],
    ] as const)('%s %s with a token → 403 insufficient_scope naming %s', async (method, url, scope) => {
      const res = await t.inject({
        method,
        url,
        headers: { authorization: `Bearer ${app.token}` },
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { name: 'x' } }),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe(`Insufficient scope, expected any of: ${scope}`);
      expectMatchesContract(method, UNEMULATED, res);
    });

    it.each([
      ['GET', '/api/v2/clients/abc/rotate-secret', ['POST']],
      ['POST', '/api/v2/clients/abc', ['GET', 'PATCH', 'DELETE']],
      ['PUT', '/api/v2/resource-servers/abc', ['GET', 'PATCH', 'DELETE']],
      ['PATCH', '/api/v2/client-grants', ['GET', 'POST']],
      ['DELETE', '/api/v2/tenants/settings', ['GET', 'PATCH']],
    ] as const)('%s %s (an emulated path, another method) → 405 from the catch-all, Allow naming %j', async (method, url, allowed) => {
      const payload = method === 'GET' || method === 'DELETE' ? {} : { payload: { name: 'x' } };
      const res = await t.inject({ method, url, headers: { authorization: `Bearer ${app.token}` }, ...payload });
      expect(res.statusCode).toBe(405);
      expect(res.json().errorCode).toBe('method_not_allowed');
      expect(String(res.headers.allow).split(/\s*,\s*/)).toEqual(expect.arrayContaining([...allowed]));
      expectMatchesContract(method, UNEMULATED, res);
      // Authentication comes first, as on every Management API route.
      const anonymous = await t.inject({ method, url, ...payload });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract(method, UNEMULATED, anonymous);
    });

    it.each(WRITE_METHODS)('%s with malformed JSON → 400 invalid_body', async (method) => {
      const res = await t.inject({
        method,
        url: '/api/v2/roles',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        payload: '{not json',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract(method, UNEMULATED, res);
    });

    it.each(WRITE_METHODS)('%s with a body over 1 MiB → 413', async (method) => {
      const res = await t.inject({
        method,
        url: '/api/v2/roles',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        payload: HUGE,
      });
      expect(res.statusCode).toBe(413);
      expectMatchesContract(method, UNEMULATED, res);
    });

    it.each(WRITE_METHODS)('%s with a body the server cannot parse → 415', async (method) => {
      const res = await t.inject({
        method,
        url: '/api/v2/roles',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/xml' },
        payload: '<name>x</name>',
      });
      expect(res.statusCode).toBe(415);
      expectMatchesContract(method, UNEMULATED, res);
    });
  });
});

describeCoverage('unemulated');
