import { DataSource } from 'typeorm';

export interface SharedHit {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, ms since the epoch. */
  resetAtMs: number;
}

/**
 * Fixed-window counters in the database, so every instance of a tenant shares one limit (SPEC §7:
 * DCR 5 requests/second per tenant). One atomic UPSERT per hit (ON CONFLICT … DO UPDATE, on SQLite and
 * PostgreSQL); old windows are pruned now and then.
 */
/** Bounds the memory of exhausted buckets (one per tenant and limit); past it the memo starts afresh. */
const MAX_EXHAUSTED_BUCKETS = 10_000;

export class SharedRateLimiter {
  private hitsSincePrune = 0;
  /**
   * Buckets this instance has seen over their limit, with the window that was: within a fixed window the
   * shared count only grows, so every later hit of that window is refused too, and is answered from here
   * without a database round trip (a flood of refused requests costs no write; issue 13 P4). Exact, not
   * an estimate: the first refusal of each window still comes from the shared count.
   */
  private readonly exhausted = new Map<string, number>();

  constructor(private readonly ds: DataSource) {}

  async hit(bucket: string, limit: number, windowMs: number, nowMs: number): Promise<SharedHit> {
    const windowStart = Math.floor(nowMs / windowMs) * windowMs;
    if (this.exhausted.get(bucket) === windowStart) return { allowed: false, limit, remaining: 0, resetAtMs: windowStart + windowMs };
    const pg = this.ds.options.type === 'postgres';
    const p = (i: number) => (pg ? `$${i}` : '?');
    const upsert = `INSERT INTO rate_limit_buckets (bucket, window_start, hits) VALUES (${p(1)}, ${p(2)}, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_buckets.hits + 1`;
    let hits: number;
    if (pg) {
      const rows: { hits: number | string }[] = await this.ds.query(`${upsert} RETURNING hits`, [bucket, windowStart]);
      hits = Number(rows[0]!.hits);
    } else {
      // TypeORM runs SQLite INSERTs without returning rows: count in the same transaction instead.
      hits = await this.ds.transaction(async (em) => {
        await em.query(upsert, [bucket, windowStart]);
        const rows: { hits: number }[] = await em.query('SELECT hits FROM rate_limit_buckets WHERE bucket = ? AND window_start = ?', [bucket, windowStart]);
        return Number(rows[0]!.hits);
      });
    }
    if (++this.hitsSincePrune >= 200) {
      this.hitsSincePrune = 0;
      await this.ds.query(`DELETE FROM rate_limit_buckets WHERE window_start < ${p(1)}`, [windowStart - 60_000]).catch(() => undefined);
    }
    if (hits > limit) {
      if (this.exhausted.size >= MAX_EXHAUSTED_BUCKETS) this.exhausted.clear();
      this.exhausted.set(bucket, windowStart);
    }
    return { allowed: hits <= limit, limit, remaining: Math.max(0, limit - hits), resetAtMs: windowStart + windowMs };
  }
}
