import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import { Auth0Error, ErrorCode, ManagementRateLimiter } from '@gatehouse/http';
import { Clock, tenantOf } from '@gatehouse/tenancy';
import { PUBLIC_KEY, SCOPES_KEY } from './decorators';
import { KeyLookupFailed, MANAGEMENT_JWT } from './management-jwt.strategy';
import { ManagementPrincipal } from './principal';
import { authorizationValues, BearerCredentials, parseAuthorization } from './token-rules';

/** Per-process rate limits of the Management API: tenants' budgets and the per-IP budget of failed authentication. */
export const MANAGEMENT_RATE_LIMITER = Symbol('MANAGEMENT_RATE_LIMITER');

const FAILED_AUTHENTICATION_LIMITED = 'Too many requests with failed authentication from this address';

/**
 * The global guard: every route needs a valid Management API token unless marked @Public(), and the
 * token must carry one of the route's @Scopes(). Verified tokens are remembered (bounded, keyed by
 * tenant and the exact token, dropped at `exp`) so a busy client does not pay RS256 per request.
 *
 * Rate limits (issue 12 §3): a request is charged to its tenant's Management API limit only once its
 * token has verified; one that fails authentication is charged to its client IP's own budget
 * (GATEHOUSE_UNAUTHENTICATED_RATE_LIMIT) instead, so nobody without a token can lock a tenant's admins out.
 */
@Injectable()
export class ManagementAuthGuard extends AuthGuard(MANAGEMENT_JWT) {
  private readonly verified = new LRUCache<string, ManagementPrincipal>({ max: 10_000 });

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(GATEHOUSE_CONFIG) private readonly config: Pick<GatehouseConfig, 'managementRateLimitPerMinute' | 'unauthenticatedRateLimitPerMinute'>,
    @Inject(MANAGEMENT_RATE_LIMITER) private readonly limiter: ManagementRateLimiter,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    try {
      await this.authenticate(ctx, req, parseAuthorization(authorizationValues(req)));
    } catch (e) {
      // Only a refused credential is a failed authentication (a database error while reading the
      // tenant's keys is the server's failure, answered as such by the exception filter).
      if (e instanceof Auth0Error) await this.chargeFailedAuthentication(req);
      throw e;
    }
    const principal = req.user!;
    const tenant = tenantOf(req);
    const charged = await this.limiter.consume(tenant.id, tenant.managementRateLimit ?? this.config.managementRateLimitPerMinute);
    for (const [k, v] of Object.entries(charged.headers)) reply.header?.(k, v);
    if (charged.error) throw charged.error;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(SCOPES_KEY, targets) ?? [];
    if (required.length > 0 && !required.some((s) => principal.scopes.has(s))) {
      throw new Auth0Error(ErrorCode.InsufficientScope, `Insufficient scope, expected any of: ${required.join(',')}`);
    }
    return true;
  }

  /** Sets `req.user` or throws the 401 the request deserves. */
  private async authenticate(ctx: ExecutionContext, req: FastifyRequest, credentials: BearerCredentials): Promise<void> {
    if (credentials.kind === 'missing') throw new Auth0Error(ErrorCode.MissingAuthentication, 'Missing authentication');
    if (credentials.kind === 'malformed') throw new Auth0Error(ErrorCode.InvalidToken, 'Bad HTTP authentication header format');
    const cacheKey = `${tenantOf(req).id}\u0000${credentials.token}`;
    const hit = this.verified.get(cacheKey);
    if (hit && hit.exp > this.clock.nowSeconds()) {
      req.user = hit;
      return;
    }
    await super.canActivate(ctx);
    if (!req.user) throw new Auth0Error(ErrorCode.InvalidToken, 'Invalid token');
    this.verified.set(cacheKey, req.user);
  }

  /** Count a failed authentication against the client IP; past its budget the answer is 429, not 401. */
  private async chargeFailedAuthentication(req: FastifyRequest): Promise<void> {
    const decision = await this.limiter.consume(`unauthenticated\u0000${req.ip}`, this.config.unauthenticatedRateLimitPerMinute, FAILED_AUTHENTICATION_LIMITED);
    if (decision.error) {
      // Past its budget an address no longer writes to the tenant's log either.
      req.tenantLogged = true;
      throw decision.error;
    }
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err instanceof Auth0Error) throw err;
    if (info instanceof Auth0Error) throw info;
    if (err) throw err;
    // passport-jwt reports a failure to read the key (e.g. the database) as a failure too: not the token's fault.
    if (info instanceof KeyLookupFailed) throw info.cause;
    if (!user) throw new Auth0Error(ErrorCode.InvalidToken, 'Invalid token');
    return user;
  }
}
