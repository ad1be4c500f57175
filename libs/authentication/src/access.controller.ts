import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import type { AccessDecisionBody } from '@gatehouse/contract';
import { AccessQuery, AccessService } from './access.service';

/** GET /ext/v1/access — "why does this app get / not get this API?" (SPEC §9). */
@Controller('ext/v1/access')
export class AccessController {
  constructor(@Inject(AccessService) private readonly access: AccessService) {}

  @Get()
  @Scopes('read:client_grants')
  explain(@CurrentTenant() tenant: Tenant, @Query() query: AccessQuery): Promise<AccessDecisionBody> {
    return this.access.explain(tenant, query);
  }
}
