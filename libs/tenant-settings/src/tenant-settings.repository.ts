import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantSchema } from '@gatehouse/schemas';
import { TenantsService } from '@gatehouse/tenancy';

type Obj = Record<string, unknown>;

/** A tenant's stored settings (the `settings` JSON of its row): what was set, never the defaults. */
@Injectable()
export class TenantSettingsRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TenantsService) private readonly tenants: TenantsService,
  ) {}

  async read(tenantId: string): Promise<Obj> {
    return ((await this.ds.getRepository(TenantSchema).findOneBy({ id: tenantId }))?.settings as Obj | undefined) ?? {};
  }

  /** Replace the stored settings, and drop this instance's cached tenants so the next request reads them. */
  async write(tenantId: string, settings: Obj): Promise<void> {
    await this.ds.getRepository(TenantSchema).update({ id: tenantId }, { settings } as never);
    this.tenants.forget();
  }
}
