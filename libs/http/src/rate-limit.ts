import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Auth0Error, ErrorCode } from './errors';

export interface RateLimitDecision {
  headers: Record<string, string>;
  /** Set when the request is over the limit. */
  error?: Auth0Error;
}

/**
 * Management API rate limiting per tenant, charged once a request has authenticated, and the budget of
 * requests that fail authentication, per client IP (fixed one-minute window, rate-limiter-flexible's math).
 * Per-process: the Management API limit only shapes headers and protects the instance; the DCR limit,
 * which must hold across instances, lives in the database (SPEC §7). See docs/decisions.md.
 */
export class ManagementRateLimiter {
  private readonly limiters = new Map<number, RateLimiterMemory>();

  constructor(private readonly nowMs: () => number) {}

  /** Count one request of `key` against `perMinute`; over it, a 429 saying `message`. */
  async consume(key: string, perMinute: number, message = 'Global limit has been reached'): Promise<RateLimitDecision> {
    const limiter = this.limiter(perMinute);
    try {
      const res = await limiter.consume(key, 1);
      return { headers: this.headers(perMinute, res) };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const headers = this.headers(perMinute, e);
      const retryAfter = String(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      return {
        headers,
        error: new Auth0Error(ErrorCode.TooManyRequests, message, { ...headers, 'retry-after': retryAfter }),
      };
    }
  }

  /** The `x-ratelimit-*` headers of `key`'s budget as it stands, spending nothing. */
  async peek(key: string, perMinute: number): Promise<Record<string, string>> {
    const res = await this.limiter(perMinute).get(key);
    if (res) return this.headers(perMinute, res);
    return {
      'x-ratelimit-limit': String(perMinute),
      'x-ratelimit-remaining': String(perMinute),
      'x-ratelimit-reset': String(Math.ceil((this.nowMs() + 60_000) / 1000)),
    };
  }

  private limiter(perMinute: number): RateLimiterMemory {
    let limiter = this.limiters.get(perMinute);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
      this.limiters.set(perMinute, limiter);
    }
    return limiter;
  }

  private headers(limit: number, res: RateLimiterRes): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, res.remainingPoints)),
      'x-ratelimit-reset': String(Math.ceil((this.nowMs() + res.msBeforeNext) / 1000)),
    };
  }
}
