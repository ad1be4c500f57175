import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantSchema } from '@gatehouse/schemas';
import { TenantsService } from '@gatehouse/tenancy';
import type { StoredSettings } from './tenant-settings.model';

/** A tenant's stored settings (the `settings` JSON of its row): what was set, never the defaults. */
@Injectable()
export class TenantSettingsRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TenantsService) private readonly tenants: TenantsService,
  ) {}

  async read(tenantId: string): Promise<StoredSettings> {
    return (await this.ds.getRepository(TenantSchema).findOneBy({ id: tenantId }))?.settings ?? {};
  }

  /** Replace the stored settings, and drop this instance's cached tenants so the next request reads them. */
  async write(tenantId: string, settings: StoredSettings): Promise<void> {
    await this.ds.getRepository(TenantSchema).update({ id: tenantId }, { settings } as never);
    this.tenants.forget();
  }
}
