import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '@gatehouse/http';
import { LogWriter, requestFacts } from '@gatehouse/logs';
import { Public } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { RegistrationService } from './registration.service';

@Controller('oidc')
@Public()
export class RegistrationController {
  constructor(
    @Inject(RegistrationService) private readonly registration: RegistrationService,
    @Inject(LogWriter) private readonly logs: LogWriter,
  ) {}

  /** 201 as RFC 7591 §3.2.1 says (openid-client refuses anything else); Auth0's OAS lists 200. */
  @Post('register')
  @HttpCode(201)
  async register(@CurrentTenant() tenant: Tenant, @Body() body: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const result = await this.registration.register(tenant, body);
      for (const [k, v] of Object.entries(result.headers)) reply.header(k, v);
      reply.header('cache-control', 'no-store');
      const { client_id, client_name, token_endpoint_auth_method, redirect_uris, grant_types } = result.body;
      this.logs.record(tenant.id, {
        type: 'sdcr',
        description: 'Dynamic Client Registration',
        client_id: client_id as string,
        client_name: client_name as string,
        ...requestFacts(req),
        details: { token_endpoint_auth_method, redirect_uris, grant_types, third_party_security_mode: result.mode },
      });
      return result.body;
    } catch (e) {
      if (e instanceof OAuthError) {
        const limited = e.code === 'too_many_requests';
        this.logs.record(tenant.id, { type: limited ? 'api_limit' : 'fdcr', description: e.description, ...requestFacts(req), details: { error: e.code } });
      }
      throw e;
    }
  }
}
