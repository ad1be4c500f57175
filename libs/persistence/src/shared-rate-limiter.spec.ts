import { DataSource } from 'typeorm';
import { openDataSource } from './data-source';
import { SharedRateLimiter } from './shared-rate-limiter';

describe('SharedRateLimiter', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource({ type: 'sqlite', path: ':memory:' });
  });
  afterAll(() => ds.destroy());

  const stored = async (bucket: string, windowStart: number) =>
    ((await ds.query('SELECT hits FROM rate_limit_buckets WHERE bucket = ? AND window_start = ?', [bucket, windowStart])) as { hits: number }[])[0]?.hits;

  it('admits the limit per fixed window, then refuses the rest of that window without writing, and admits again in the next window', async () => {
    const limiter = new SharedRateLimiter(ds);
    const t0 = 1_800_000_000_000;
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await limiter.hit('dcr:a', 5, 1000, t0 + i * 10));
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    expect(answers.map((a) => a.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    expect(answers.every((a) => a.resetAtMs === t0 + 1000)).toBe(true);
    // The first refusal was counted in the shared table; the two after it were answered from memory.
    expect(await stored('dcr:a', t0)).toBe(6);
    // Another bucket, and the next window, are untouched by the memo.
    expect((await limiter.hit('dcr:b', 5, 1000, t0 + 100)).allowed).toBe(true);
    expect(await limiter.hit('dcr:a', 5, 1000, t0 + 1000)).toEqual({ allowed: true, limit: 5, remaining: 4, resetAtMs: t0 + 2000 });
  });

  it('shares the count with another instance: each refuses once the shared count is over, whichever instance spent it', async () => {
    const a = new SharedRateLimiter(ds);
    const b = new SharedRateLimiter(ds);
    const t0 = 1_800_000_100_000;
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push((await (i % 2 ? b : a).hit('dcr:shared', 5, 1000, t0 + i)).allowed);
    expect(seen).toEqual([true, true, true, true, true, false]);
    expect((await a.hit('dcr:shared', 5, 1000, t0 + 10)).allowed).toBe(false);
    expect(await stored('dcr:shared', t0)).toBe(7);
  });
});
