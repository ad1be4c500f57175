import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestFacts } from '@gatehouse/logs';
import { Public } from '@gatehouse/management-auth';
import { CurrentTenant, SigningKeysService, Tenant } from '@gatehouse/tenancy';
import type { JwksBody, TokenResponseBody } from '@gatehouse/contract';
import { jwksBody } from './jwks.mapper';
import type { TokenRequest } from './token-endpoint';
import { TokenService } from './token.service';

@Controller()
@Public()
export class TokenController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
  ) {}

  @Post('oauth/token')
  @HttpCode(200)
  async token(
    @CurrentTenant() tenant: Tenant,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseBody> {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const params: TokenRequest = body && typeof body === 'object' ? body : {};
    return this.tokens.exchange(tenant, authorization, params, requestFacts(req));
  }

  @Get('.well-known/jwks.json')
  async jwks(@CurrentTenant() tenant: Tenant): Promise<JwksBody> {
    return jwksBody(await this.keys.jwks(tenant.id));
  }
}
