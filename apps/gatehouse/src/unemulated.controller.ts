import { All, Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { scopeForUnemulatedPath } from '@gatehouse/policy';

/**
 * Management API paths Gatehouse does not emulate (SPEC §3): after authentication they answer 403
 * insufficient_scope naming the scope Auth0 would want, which Gatehouse tokens never carry. This is
 * how auth0-deploy-cli learns to skip a resource type instead of aborting.
 */
@Controller()
export class UnemulatedController {
  @All('api/v2/*')
  unemulated(@Req() req: FastifyRequest): never {
    const scope = scopeForUnemulatedPath(req.method, req.url);
    throw new Auth0Error(ErrorCode.InsufficientScope, `Insufficient scope, expected any of: ${scope}`);
  }
}
