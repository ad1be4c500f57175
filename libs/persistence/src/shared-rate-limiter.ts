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
export class SharedRateLimiter {
  private hitsSincePrune = 0;

  constructor(private readonly ds: DataSource) {}

  async hit(bucket: string, limit: number, windowMs: number, nowMs: number): Promise<SharedHit> {
    const windowStart = Math.floor(nowMs / windowMs) * windowMs;
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
    return { allowed: hits <= limit, limit, remaining: Math.max(0, limit - hits), resetAtMs: windowStart + windowMs };
  }
}
