import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { Clock, tenantOf } from '@gatehouse/tenancy';
import { PUBLIC_KEY, SCOPES_KEY } from './decorators';
import { MANAGEMENT_JWT } from './management-jwt.strategy';
import { ManagementPrincipal } from './principal';

const BEARER = /^bearer\s+(\S+)$/i;

/**
 * The global guard: every route needs a valid Management API token unless marked @Public(), and the
 * token must carry one of the route's @Scopes(). Verified tokens are remembered (bounded, keyed by
 * tenant and the exact token, dropped at `exp`) so a busy client does not pay RS256 per request.
 */
@Injectable()
export class ManagementAuthGuard extends AuthGuard(MANAGEMENT_JWT) {
  private readonly verified = new LRUCache<string, ManagementPrincipal>({ max: 10_000 });

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    const cacheKey = token ? `${tenantOf(req).id}\u0000${token}` : undefined;
    const hit = cacheKey ? this.verified.get(cacheKey) : undefined;
    if (hit && hit.exp > this.clock.nowSeconds()) {
      req.user = hit;
    } else {
      await super.canActivate(ctx);
      if (cacheKey && req.user) this.verified.set(cacheKey, req.user);
    }
    const required = this.reflector.getAllAndOverride<string[] | undefined>(SCOPES_KEY, targets) ?? [];
    const principal = req.user!;
    if (required.length > 0 && !required.some((s) => principal.scopes.has(s))) {
      throw new Auth0Error(ErrorCode.InsufficientScope, `Insufficient scope, expected any of: ${required.join(',')}`);
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown, ctx: ExecutionContext): T {
    if (err instanceof Auth0Error) throw err;
    if (info instanceof Auth0Error) throw info;
    if (err) throw err;
    if (!user) {
      // Decided by the request, not by passport's message: no `Bearer <token>` at all is missing
      // authentication; a token that did not verify is invalid.
      const bearer = BEARER.test(ctx.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '');
      throw bearer ? new Auth0Error(ErrorCode.InvalidToken, 'Invalid token') : new Auth0Error(ErrorCode.MissingAuthentication, 'Missing authentication');
    }
    return user;
  }
}
