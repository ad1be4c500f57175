import { All, Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Auth0Error, ErrorCode, RouteTable } from '@gatehouse/http';
import { scopeForUnemulatedPath } from '@gatehouse/policy';

/**
 * Management API paths Gatehouse does not emulate (SPEC §3): after authentication they answer 403
 * insufficient_scope naming the scope Auth0 would want, which Gatehouse tokens never carry. This is
 * how auth0-deploy-cli learns to skip a resource type instead of aborting.
 */
@Controller()
export class UnemulatedController {
  constructor(@Inject(RouteTable) private readonly routes: RouteTable) {}

  @All('api/v2/*')
  unemulated(@Req() req: FastifyRequest): never {
    // An emulated path with another method (PUT /api/v2/clients/{id}) is 405, not an unemulated resource.
    const allowed = this.routes.allowedMethods(req.url);
    if (allowed.length > 0) {
      throw new Auth0Error(ErrorCode.MethodNotAllowed, `Method ${req.method} is not allowed on ${req.url.split('?')[0]}`, { allow: allowed.join(', ') });
    }
    const scope = scopeForUnemulatedPath(req.method, req.url);
    throw new Auth0Error(ErrorCode.InsufficientScope, `Insufficient scope, expected any of: ${scope}`);
  }
}
