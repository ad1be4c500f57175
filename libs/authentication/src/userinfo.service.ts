import { Inject, Injectable } from '@nestjs/common';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { ClientsReader } from '@gatehouse/clients';
import { OAuthError } from '@gatehouse/http';
import { flowRulesFor, parseScope } from '@gatehouse/policy';
import { Clock, SigningKeysService, Tenant } from '@gatehouse/tenancy';
import { UsersReader } from '@gatehouse/users';
import { oidcClaims, userinfoAudience } from './token-claims';

/** RFC 6750 §3: the challenge of a refused bearer token names the error and why. */
function bearerRefusal(code: 'invalid_token' | 'unauthorized_client', description: string): OAuthError {
  return new OAuthError(code, description, {
    'www-authenticate': `Bearer error="${code}", error_description="${description.replace(/["\\]/g, '')}"`,
  });
}

const invalidToken = (description: string): OAuthError => bearerRefusal('invalid_token', description);

/**
 * GET /userinfo (OpenID Connect Core §5.3): the user's claims for the scopes of an access token the
 * tenant issued with the userinfo audience. Refused for clients whose flow rules have no userinfo
 * (strict third-party applications, seed 002), with an error naming the restriction.
 */
@Injectable()
export class UserinfoService {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(UsersReader) private readonly users: UsersReader,
  ) {}

  async userinfo(tenant: Tenant, authorization: string | undefined): Promise<Record<string, string | boolean>> {
    const bearer = /^bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer) {
      throw new OAuthError('invalid_request', 'Missing access token: send it as Authorization: Bearer <token>', {
        'www-authenticate': 'Bearer realm="userinfo"',
      });
    }
    let payload: Record<string, unknown>;
    try {
      const { kid } = decodeProtectedHeader(bearer);
      const key = kid ? await this.keys.publicKey(tenant.id, kid) : undefined;
      if (!key) throw new Error('unknown key');
      ({ payload } = await jwtVerify(bearer, key, { algorithms: ['RS256'], issuer: tenant.issuer, currentDate: this.clock.now() }));
    } catch {
      throw invalidToken('The access token is invalid or has expired');
    }
    const clientId = typeof payload.azp === 'string' ? payload.azp : undefined;
    const client = clientId ? await this.clients.find(tenant.id, clientId) : undefined;
    if (!client) throw invalidToken('The application the access token was issued to no longer exists');
    if (!flowRulesFor(client.kind).userinfo) {
      throw bearerRefusal(
        'unauthorized_client',
        `The /userinfo endpoint is not supported for third-party applications in ${client.kind.firstParty ? 'first-party' : client.kind.mode} mode`,
      );
    }
    // The restriction is named before the audience is read: a strict application's tokens never have it.
    const audiences = [payload.aud].flat();
    if (!audiences.includes(userinfoAudience(tenant.issuer)))
      throw invalidToken('The access token is not for /userinfo: its audience must include the userinfo audience (grant the openid scope)');
    const user = typeof payload.sub === 'string' ? await this.users.find(tenant.id, payload.sub) : undefined;
    if (!user) throw invalidToken('The user of the access token no longer exists');
    const scopes = parseScope(typeof payload.scope === 'string' ? payload.scope : undefined);
    return oidcClaims({ userId: user.userId, email: user.email, updatedAt: user.updatedAt, profile: user.profile }, scopes);
  }
}
