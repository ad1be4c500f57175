import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '@gatehouse/http';
import { LogWriter, requestFacts, TOKEN_EXCHANGE_EVENTS } from '@gatehouse/logs';
import { Public } from '@gatehouse/management-auth';
import { CurrentTenant, SigningKeysService, Tenant } from '@gatehouse/tenancy';
import { presentedCredentials } from './client-authentication';
import { TokenResponse, TokenService } from './token.service';

/** The client a token request names, for the log (undefined when it names none readable). */
function namedClient(authorization: string | undefined, body: Record<string, unknown>): string | undefined {
  try {
    return presentedCredentials(authorization, body).clientId;
  } catch {
    return typeof body.client_id === 'string' ? body.client_id : undefined;
  }
}

@Controller()
@Public()
export class TokenController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
    @Inject(LogWriter) private readonly logs: LogWriter,
  ) {}

  @Post('oauth/token')
  @HttpCode(200)
  async token(
    @CurrentTenant() tenant: Tenant,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const params = body && typeof body === 'object' ? body : {};
    // Exchanges of the grant types Gatehouse serves are tenant log events (seccft / feccft).
    const events = typeof params.grant_type === 'string' ? TOKEN_EXCHANGE_EVENTS[params.grant_type] : undefined;
    const logged = (type: 'success' | 'failure', extra: { description?: string; scope?: string; details?: Record<string, unknown> }) =>
      events &&
      this.logs.record(tenant.id, {
        type: events[type],
        client_id: namedClient(authorization, params),
        audience: typeof params.audience === 'string' ? params.audience : undefined,
        ...requestFacts(req),
        ...extra,
      });
    try {
      const response = await this.tokens.exchange(tenant, authorization, params);
      logged('success', { description: events?.name, scope: response.scope });
      return response;
    } catch (e) {
      if (e instanceof OAuthError) logged('failure', { description: e.description, details: { error: e.code } });
      throw e;
    }
  }

  @Get('.well-known/jwks.json')
  jwks(@CurrentTenant() tenant: Tenant) {
    return this.keys.jwks(tenant.id);
  }
}
