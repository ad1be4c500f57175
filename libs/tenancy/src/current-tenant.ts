import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Tenant } from './tenant';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every request by the tenant hook (see apps/gatehouse configureApp). */
    tenant?: Tenant;
  }
}

export function tenantOf(req: FastifyRequest): Tenant {
  if (!req.tenant) throw new Error('request has no tenant: the tenant hook did not run');
  return req.tenant;
}

/** The tenant the request's Host routes to. */
export const CurrentTenant = createParamDecorator((_: unknown, ctx: ExecutionContext): Tenant => tenantOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
