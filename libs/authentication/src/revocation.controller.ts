import { Body, Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LogWriter, requestFacts } from '@gatehouse/logs';
import { Public } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import type { RevocationRequest } from './token-endpoint';
import { UserTokensService } from './user-tokens.service';

/**
 * POST /oauth/revoke (RFC 7009): a client revokes one of its refresh tokens, and with it the token's
 * family. 200 with an empty body, also for an unknown or already revoked token (RFC 7009 §2.2, and
 * Auth0's answer); a token of another application is refused (`invalid_grant`).
 */
@Controller()
@Public()
export class RevocationController {
  constructor(
    @Inject(UserTokensService) private readonly tokens: UserTokensService,
    @Inject(LogWriter) private readonly logs: LogWriter,
  ) {}

  @Post('oauth/revoke')
  @HttpCode(200)
  async revoke(
    @CurrentTenant() tenant: Tenant,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const params: RevocationRequest = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
    const client = await this.tokens.authenticate(tenant, authorization, params);
    const { revoked } = await this.tokens.revoke(tenant, client, params);
    if (revoked) {
      // On disk before the 200 that acknowledges the revocation.
      await this.logs.record(tenant.id, {
        type: 'srrt',
        description: 'Successful Refresh Token Revocation',
        client_id: client.clientId,
        user_id: revoked.userId,
        ...requestFacts(req),
      });
    }
    reply.header('content-type', 'text/plain; charset=utf-8');
    return '';
  }
}
