import { Body, Controller, Get, Inject, Patch, Query } from '@nestjs/common';
import type { TenantSettingsBody } from '@gatehouse/contract';
import { ProjectionQuery } from '@gatehouse/http';
import { Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { UpdateTenantSettingsDto } from './tenant-settings.dto';
import { TenantSettingsService } from './tenant-settings.service';

@Controller('api/v2/tenants/settings')
export class TenantSettingsController {
  constructor(@Inject(TenantSettingsService) private readonly settings: TenantSettingsService) {}

  @Get()
  @Scopes('read:tenant_settings')
  get(@CurrentTenant() tenant: Tenant, @Query() query: ProjectionQuery): Promise<Partial<TenantSettingsBody>> {
    return this.settings.get(tenant, query);
  }

  @Patch()
  @Scopes('update:tenant_settings')
  update(@CurrentTenant() tenant: Tenant, @Body() body: UpdateTenantSettingsDto): Promise<TenantSettingsBody> {
    return this.settings.update(tenant, body);
  }
}
