import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { UpdateMigrationsDto } from './migrations.dto';
import { Migrations, MigrationsService } from './migrations.service';

/** GET/PATCH /ext/v1/migrations — the migration toggle of SPEC §7 (not part of Auth0's API). */
@Controller('ext/v1/migrations')
export class MigrationsController {
  constructor(@Inject(MigrationsService) private readonly migrations: MigrationsService) {}

  @Get()
  @Scopes('read:tenant_settings')
  get(@CurrentTenant() tenant: Tenant): Promise<Migrations> {
    return this.migrations.get(tenant);
  }

  @Patch()
  @Scopes('update:tenant_settings')
  update(@CurrentTenant() tenant: Tenant, @Body() body: UpdateMigrationsDto): Promise<Migrations> {
    return this.migrations.update(tenant, body);
  }
}
