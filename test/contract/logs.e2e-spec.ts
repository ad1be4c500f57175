import { CLIENTS, Json, LOG, LOGS, describeCoverage, expectMatchesContract, useContractApp } from './support/contract';

describe('responses match openapi.yaml', () => {
  const { t, api, tokenWith, newClient } = useContractApp();

  describe('/api/v2/logs', () => {
    // Something to read: a write (sapi), a failure (fapi) and a token exchange (seccft) of this tenant.
    beforeAll(async () => {
      await newClient({ name: 'contract: logged' });
      await api('POST', CLIENTS, { payload: { name: 'x', bogus: 1 } });
      await t.token();
    });

    it('200: a search page as a bare array, with include_totals, projected, by search and q; 200 checkpoint with Link', async () => {
      const page = await api('GET', `${LOGS}?per_page=5`);
      expect(page.statusCode).toBe(200);
      expectMatchesContract('GET', LOGS, page);
      expect(page.json().length).toBeGreaterThan(2);
      const totals = await api('GET', `${LOGS}?include_totals=true&per_page=2&sort=date:1`);
      expect(totals.statusCode).toBe(200);
      expectMatchesContract('GET', LOGS, totals);
      expect(Object.keys(totals.json()).sort()).toEqual(['length', 'limit', 'logs', 'start', 'total']);
      const projected = await api('GET', `${LOGS}?fields=type,date&include_fields=true`);
      expectMatchesContract('GET', LOGS, projected);
      expect(Object.keys(projected.json()[0]).sort()).toEqual(['date', 'type']);
      for (const q of [
        'search=type%3Afapi',
        'q=type%3Asapi%20AND%20description%3Acreate',
        `search=${encodeURIComponent('date:[2000-01-01 TO *] application:gatehouse')}`,
      ]) {
        const res = await api('GET', `${LOGS}?${q}`);
        expect({ q, status: res.statusCode }).toEqual({ q, status: 200 });
        expectMatchesContract('GET', LOGS, res);
        expect(res.json().length).toBeGreaterThan(0);
      }
      const checkpoint = await api('GET', `${LOGS}?take=2`);
      expect(checkpoint.statusCode).toBe(200);
      expectMatchesContract('GET', LOGS, checkpoint);
      expect(checkpoint.headers.link).toMatch(/^<http:\/\/localhost:3000\/api\/v2\/logs\?from=\d+&take=2>; rel="next"$/);
    });

    it.each([
      ['an unknown parameter', 'colour=blue'],
      ['an unsupported search operator', 'search=type%3Asapi%20OR%20type%3Afapi'],
      ['an unknown search field', 'q=nope%3A1'],
      ['a sort other than by date', 'sort=type%3A1'],
      ['a page past the first 1000 events', 'page=20&per_page=50'],
      ['a from that is not a log_id', 'from=abc'],
      ['a take above 100', 'take=101'],
    ])('400 invalid_query_string for %s', async (_, q) => {
      const res = await api('GET', `${LOGS}?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', LOGS, res);
    });

    it('GET by id 200, 404 for an unknown id; 401 without a token and 403 without read:logs on both', async () => {
      const [first] = (await api('GET', `${LOGS}?per_page=1`)).json() as Json[];
      const one = await api('GET', `${LOGS}/${first!.log_id}`);
      expect(one.statusCode).toBe(200);
      expectMatchesContract('GET', LOG, one);
      expect(one.json()).toEqual(first);
      for (const id of ['1', 'not-a-log-id']) {
        const missing = await api('GET', `${LOGS}/${id}`);
        expect(missing.statusCode).toBe(404);
        expectMatchesContract('GET', LOG, missing);
      }
      for (const [template, url] of [
        [LOGS, LOGS],
        [LOG, `${LOGS}/${first!.log_id}`],
      ] as const) {
        const anonymous = await api('GET', url, { bearer: null });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('GET', template, anonymous);
        const narrow = await api('GET', url, { bearer: await tokenWith('read:clients') });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:logs');
        expectMatchesContract('GET', template, narrow);
      }
    });
  });
});

describeCoverage('logs');
