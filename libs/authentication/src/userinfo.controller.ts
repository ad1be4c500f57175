import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { UserinfoService } from './userinfo.service';

/** GET /userinfo (OpenID Connect Core §5.3), with the bearer access token of a user flow. */
@Controller()
@Public()
export class UserinfoController {
  constructor(@Inject(UserinfoService) private readonly userinfo: UserinfoService) {}

  @Get('userinfo')
  async get(
    @CurrentTenant() tenant: Tenant,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, string | boolean>> {
    reply.header('cache-control', 'no-store');
    return this.userinfo.userinfo(tenant, authorization);
  }
}
