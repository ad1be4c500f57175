import { SigningKeysService } from '@gatehouse/tenancy';
import { useTestApp } from '@gatehouse/testing';

/**
 * Nobody without a token can lock admins out (issue 12 §3, SPEC §10): requests that fail authentication
 * never consume a tenant's Management API limit; they have their own budget per client IP.
 */
describe('the Management API rate limits and failed authentication', () => {
  const TENANT_LIMIT = 20;
  const IP_BUDGET = 30;
  const app = useTestApp({ env: { GATEHOUSE_MANAGEMENT_RATE_LIMIT: String(TENANT_LIMIT), GATEHOUSE_UNAUTHENTICATED_RATE_LIMIT: String(IP_BUDGET) } });
  const { t } = app;
  const get = (authorization: string | undefined, opts: { host?: string; remoteAddress?: string } = {}) =>
    t.inject({ method: 'GET', url: '/api/v2/clients', host: opts.host, remoteAddress: opts.remoteAddress, headers: authorization ? { authorization } : {} });

  it('80 requests with a garbage token get 401 then 429 from their own budget; the admin is not locked out', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 80; i++) {
      // Garbage, no token at all, and a malformed header all count as failed authentication; so does an unknown Host.
      const res = await get(i % 4 === 0 ? undefined : i % 4 === 1 ? 'Bearer garbage' : i % 4 === 2 ? 'Bearer a b' : 'Bearer garbage', {
        host: i % 4 === 3 ? 'unknown.example.com' : undefined,
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited = res;
    }
    expect(statuses.slice(0, IP_BUDGET).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(IP_BUDGET).every((s) => s === 429)).toBe(true);
    expect(limited!.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many requests with failed authentication from this address',
      errorCode: 'too_many_requests',
    });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited!.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited!.headers['x-ratelimit-limit']).toBe(String(IP_BUDGET));

    // The tenant's budget is untouched: the admin's first call has all of it.
    const admin = await get(`Bearer ${app.token}`);
    expect(admin.statusCode).toBe(200);
    expect(admin.headers['x-ratelimit-limit']).toBe(String(TENANT_LIMIT));
    expect(admin.headers['x-ratelimit-remaining']).toBe(String(TENANT_LIMIT - 1));

    // Another address has a budget of its own.
    expect((await get('Bearer garbage', { remoteAddress: '192.0.2.7' })).statusCode).toBe(401);
  });

  it('authenticated calls, and only they, spend the tenant limit: past it the admin gets 429 Global limit', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < TENANT_LIMIT; i++) {
      last = await get(`Bearer ${app.token}`);
      statuses.push(last.statusCode);
    }
    // One call was spent by the previous test.
    expect(statuses.filter((s) => s === 200)).toHaveLength(TENANT_LIMIT - 1);
    expect(last!.statusCode).toBe(429);
    expect(last!.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // A failed authentication from a fresh address is still a 401, not the tenant's 429.
    expect((await get('Bearer garbage', { remoteAddress: '192.0.2.8' })).statusCode).toBe(401);
  });

  it('a database failure while reading the signing keys is the server’s failure: not a 401, not a failed authentication', async () => {
    const keys = t.app.get(SigningKeysService);
    const spy = jest.spyOn(keys, 'publicKey').mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    try {
      // A token that is not in the verified-token cache (its own scope), so its key must be read.
      const fresh = await t.token(undefined, 'read:clients');
      const address = '192.0.2.9';
      for (let i = 0; i < IP_BUDGET + 5; i++) {
        const res = await get(`Bearer ${fresh}`, { remoteAddress: address });
        expect(res.statusCode).toBeGreaterThanOrEqual(500);
        expect(res.json()).toMatchObject({ statusCode: res.statusCode, errorCode: expect.any(String) });
      }
    } finally {
      spy.mockRestore();
    }
    // None of those spent the address's failed-authentication budget.
    expect((await get('Bearer garbage', { remoteAddress: '192.0.2.9' })).statusCode).toBe(401);
  });
});
