import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy, StrategyOptionsWithRequest } from 'passport-jwt';
import type { FastifyRequest } from 'fastify';
import { decodeProtectedHeader } from 'jose';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { parseScope } from '@gatehouse/policy';
import { Clock, SigningKeysService, tenantOf } from '@gatehouse/tenancy';
import { ManagementPrincipal } from './principal';

export const MANAGEMENT_JWT = 'management-jwt';

interface AccessTokenClaims {
  iss?: string;
  aud?: string | string[];
  exp?: number;
  sub?: string;
  azp?: string;
  scope?: string;
}

/**
 * passport-jwt verifying Management API tokens against the Host's tenant: RS256 only (no `none`, no
 * HS*), the tenant's own keys, then `iss`, `aud` and `exp` against the tenant and the one clock.
 */
@Injectable()
export class ManagementJwtStrategy extends PassportStrategy(Strategy, MANAGEMENT_JWT) {
  constructor(
    @Inject(SigningKeysService) keys: SigningKeysService,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: ['RS256'],
      // exp is checked in validate() against the injectable clock, not the machine's.
      ignoreExpiration: true,
      passReqToCallback: true,
      secretOrKeyProvider: (req: FastifyRequest, rawJwt: string, done: (err: unknown, key?: unknown) => void) => {
        let kid: string | undefined;
        let alg: string | undefined;
        try {
          ({ kid, alg } = decodeProtectedHeader(rawJwt));
        } catch {
          return done(new Auth0Error(ErrorCode.InvalidToken, 'Invalid token'));
        }
        if (alg !== 'RS256' || !kid) return done(new Auth0Error(ErrorCode.InvalidToken, 'Invalid token'));
        keys
          .publicKey(tenantOf(req).id, kid)
          .then((key) => (key ? done(null, key) : done(new Auth0Error(ErrorCode.InvalidToken, 'Invalid token'))))
          .catch((e) => done(e));
      },
    } as unknown as StrategyOptionsWithRequest);
  }

  validate(req: FastifyRequest, claims: AccessTokenClaims): ManagementPrincipal {
    const tenant = tenantOf(req);
    if (claims.iss !== tenant.issuer) throw new Auth0Error(ErrorCode.InvalidToken, `Bad issuer: ${String(claims.iss)}`);
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(tenant.managementAudience)) {
      throw new Auth0Error(ErrorCode.InvalidToken, `Bad audience: ${aud.filter(Boolean).join(' ')}`);
    }
    if (typeof claims.exp !== 'number' || claims.exp <= this.clock.nowSeconds()) {
      throw new Auth0Error(ErrorCode.InvalidToken, 'Expired token received for JSON Web Token validation');
    }
    return {
      tenantId: tenant.id,
      clientId: claims.azp ?? String(claims.sub ?? '').replace(/@clients$/, ''),
      scopes: new Set(parseScope(claims.scope)),
      exp: claims.exp,
    };
  }
}
