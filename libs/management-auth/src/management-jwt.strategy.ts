import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy, StrategyOptionsWithRequest } from 'passport-jwt';
import type { FastifyRequest } from 'fastify';
import { decodeProtectedHeader } from 'jose';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { Clock, SigningKeysService, tenantOf } from '@gatehouse/tenancy';
import { ManagementPrincipal } from './principal';
import { authorizationValues, checkManagementClaims, headerRefusal, parseAuthorization } from './token-rules';

export const MANAGEMENT_JWT = 'management-jwt';

/** The tenant's keys could not be read (the database): the server's failure, not the token's. */
export class KeyLookupFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('signing key lookup failed');
  }
}

/**
 * passport-jwt verifying Management API tokens against the Host's tenant: RS256 only (no `none`, no
 * HS*), the tenant's own keys, no `crit` extension; then every claim's type, `iss`, `aud`, `exp`, `iat`
 * and `nbf` against the tenant and the one clock (token-rules.ts).
 */
@Injectable()
export class ManagementJwtStrategy extends PassportStrategy(Strategy, MANAGEMENT_JWT) {
  constructor(
    @Inject(SigningKeysService) keys: SigningKeysService,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super({
      // The guard has already refused anything but exactly one `Bearer <token>` header.
      jwtFromRequest: (req: FastifyRequest) => {
        const credentials = parseAuthorization(authorizationValues(req));
        return credentials.kind === 'token' ? credentials.token : null;
      },
      algorithms: ['RS256'],
      // exp and nbf are checked in validate() against the injectable clock, not the machine's.
      ignoreExpiration: true,
      jsonWebTokenOptions: { ignoreNotBefore: true },
      passReqToCallback: true,
      secretOrKeyProvider: (req: FastifyRequest, rawJwt: string, done: (err: unknown, key?: unknown) => void) => {
        let header;
        try {
          header = decodeProtectedHeader(rawJwt);
        } catch {
          return done(new Auth0Error(ErrorCode.InvalidToken, 'Invalid token'));
        }
        const { kid, alg } = header;
        if (alg !== 'RS256' || typeof kid !== 'string' || !kid) return done(new Auth0Error(ErrorCode.InvalidToken, 'Invalid token'));
        const refusal = headerRefusal(header);
        if (refusal) return done(new Auth0Error(ErrorCode.InvalidToken, refusal));
        keys
          .publicKey(tenantOf(req).id, kid)
          .then((key) => (key ? done(null, key) : done(new Auth0Error(ErrorCode.InvalidToken, 'Invalid token'))))
          .catch((e: unknown) => done(new KeyLookupFailed(e)));
      },
    } as unknown as StrategyOptionsWithRequest);
  }

  validate(req: FastifyRequest, claims: unknown): ManagementPrincipal {
    const tenant = tenantOf(req);
    const decision = checkManagementClaims(claims, { issuer: tenant.issuer, audience: tenant.managementAudience, nowSeconds: this.clock.nowSeconds() });
    if (!decision.ok) throw new Auth0Error(ErrorCode.InvalidToken, decision.message);
    return { tenantId: tenant.id, clientId: decision.clientId, scopes: new Set(decision.scopes), exp: decision.exp };
  }
}
