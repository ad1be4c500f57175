import { ManagementRateLimiter } from './rate-limit';

describe('ManagementRateLimiter', () => {
  it('counts down per key and refuses past the limit with Retry-After and a 429 too_many_requests', async () => {
    const limiter = new ManagementRateLimiter(() => Date.now());
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await limiter.consume('tenant-a', 3));
    expect(seen.map((d) => d.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    expect(seen.slice(0, 3).every((d) => d.error === undefined)).toBe(true);
    const refused = seen[3]!;
    expect(refused.error?.statusCode).toBe(429);
    expect(refused.error?.code).toBe('too_many_requests');
    expect(Number(refused.error?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['x-ratelimit-limit']).toBe('3');
    expect(Number(refused.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('keeps tenants apart', async () => {
    const limiter = new ManagementRateLimiter(() => Date.now());
    await limiter.consume('a', 1);
    expect((await limiter.consume('a', 1)).error).toBeDefined();
    expect((await limiter.consume('b', 1)).error).toBeUndefined();
  });

  it('peeks at a budget without spending it', async () => {
    const limiter = new ManagementRateLimiter(() => Date.now());
    expect((await limiter.peek('t', 5))['x-ratelimit-remaining']).toBe('5');
    await limiter.consume('t', 5);
    expect((await limiter.peek('t', 5))['x-ratelimit-remaining']).toBe('4');
    expect((await limiter.peek('t', 5))['x-ratelimit-remaining']).toBe('4');
    expect((await limiter.consume('t', 5)).headers['x-ratelimit-remaining']).toBe('3');
  });
});
