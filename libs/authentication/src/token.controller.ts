import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestFacts } from '@gatehouse/logs';
import { Public } from '@gatehouse/management-auth';
import { CurrentTenant, SigningKeysService, Tenant } from '@gatehouse/tenancy';
import { TokenResponse, TokenService } from './token.service';

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
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return this.tokens.exchange(tenant, authorization, body && typeof body === 'object' ? body : {}, requestFacts(req));
  }

  @Get('.well-known/jwks.json')
  jwks(@CurrentTenant() tenant: Tenant) {
    return this.keys.jwks(tenant.id);
  }
}
