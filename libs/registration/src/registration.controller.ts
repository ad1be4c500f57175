import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientRegistrationResponseBody } from '@gatehouse/contract';
import { requestFacts } from '@gatehouse/logs';
import { Public } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { RegistrationService } from './registration.service';

@Controller('oidc')
@Public()
export class RegistrationController {
  constructor(@Inject(RegistrationService) private readonly registration: RegistrationService) {}

  /** 201 as RFC 7591 §3.2.1 says (openid-client refuses anything else); Auth0's OAS lists 200. */
  @Post('register')
  @HttpCode(201)
  async register(
    @CurrentTenant() tenant: Tenant,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClientRegistrationResponseBody> {
    const result = await this.registration.register(tenant, body, requestFacts(req));
    for (const [k, v] of Object.entries(result.headers)) reply.header(k, v);
    reply.header('cache-control', 'no-store');
    return result.body;
  }
}
