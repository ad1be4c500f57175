import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Auth0Error, ErrorCode } from './errors';

export interface RateLimitDecision {
  headers: Record<string, string>;
  /** Set when the request is over the limit. */
  error?: Auth0Error;
}

/**
 * Management API rate limiting per tenant (fixed one-minute window, rate-limiter-flexible's math).
 * Per-process: the Management API limit only shapes headers and protects the instance; the DCR limit,
 * which must hold across instances, lives in the database (SPEC §7). See docs/decisions.md.
 */
export class ManagementRateLimiter {
  private readonly limiters = new Map<number, RateLimiterMemory>();

  constructor(private readonly nowMs: () => number) {}

  async consume(key: string, perMinute: number): Promise<RateLimitDecision> {
    let limiter = this.limiters.get(perMinute);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
      this.limiters.set(perMinute, limiter);
    }
    try {
      const res = await limiter.consume(key, 1);
      return { headers: this.headers(perMinute, res) };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const headers = this.headers(perMinute, e);
      const retryAfter = String(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      return {
        headers,
        error: new Auth0Error(ErrorCode.TooManyRequests, 'Global limit has been reached', { 'retry-after': retryAfter }),
      };
    }
  }

  private headers(limit: number, res: RateLimiterRes): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, res.remainingPoints)),
      'x-ratelimit-reset': String(Math.ceil((this.nowMs() + res.msBeforeNext) / 1000)),
    };
  }
}
