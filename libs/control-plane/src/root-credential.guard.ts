import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'crypto';
import type { FastifyRequest } from 'fastify';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import { Auth0Error, ErrorCode } from '@gatehouse/http';

/** `Authorization: Bearer <token>`, exactly one header. */
const BEARER = /^Bearer +(\S+)$/i;

/** SHA-256 of both sides, then a constant-time comparison: neither the token nor its length leaks through timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * The control plane's guard (/ext/v1/accounts, /ext/v1/tenants, /ext/v1/clock): installation-wide, so
 * not a tenant's Management API token but the root credential of the configuration
 * (GATEHOUSE_ROOT_TOKEN). Without one configured the control plane does not exist (404, as an unknown
 * path). Its calls are no tenant's business: they are never written to the log of the tenant the Host
 * happens to route to.
 */
@Injectable()
export class RootCredentialGuard implements CanActivate {
  constructor(@Inject(GATEHOUSE_CONFIG) private readonly config: Pick<GatehouseConfig, 'rootToken'>) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    req.tenantLogged = true;
    const root = this.config.rootToken;
    if (!root) throw new Auth0Error(ErrorCode.NotFound, 'Not Found');
    const header = req.headers.authorization;
    if (header === undefined) throw new Auth0Error(ErrorCode.MissingAuthentication, 'Missing authentication');
    const m = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
    if (!m) throw new Auth0Error(ErrorCode.InvalidToken, 'Bad HTTP authentication header format');
    if (!sameSecret(m[1]!, root)) throw new Auth0Error(ErrorCode.InvalidToken, 'Invalid root credential');
    return true;
  }
}
