import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ManagementPrincipal } from './principal';

export const PUBLIC_KEY = 'gatehouse:public';
export const SCOPES_KEY = 'gatehouse:scopes';

/** Opt a route out of the global Management API guard (discovery, /oauth/token, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * A Management API route: a valid tenant token is required and it must carry any one of `scopes`
 * (Auth0's any-of rule).
 */
export const Scopes = (...scopes: string[]) => applyDecorators(SetMetadata(SCOPES_KEY, scopes));

/**
 * The verified caller of a Management API route (set by the global guard before any handler runs), as a
 * typed parameter instead of `@Req() … req.user!`.
 */
export const Principal = createParamDecorator((_: unknown, ctx: ExecutionContext): ManagementPrincipal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().user;
  // Only reachable on a route marked @Public(), where no principal exists: a programming error.
  if (!principal) throw new Error('@Principal() used on a route without a verified Management API token');
  return principal;
});
