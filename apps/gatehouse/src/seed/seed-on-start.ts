import type { INestApplication } from '@nestjs/common';
import { ClientGrantsService } from '@gatehouse/client-grants';
import { ClientsReader, ClientsService } from '@gatehouse/clients';
import type { GatehouseConfig } from '@gatehouse/config';
import { ConnectionsReader, ConnectionsService } from '@gatehouse/connections';
import { ResourceServersService } from '@gatehouse/resource-servers';
import { SeedOutcome, TenantsService } from '@gatehouse/tenancy';
import { TenantSettingsService } from '@gatehouse/tenant-settings';
import { applyTenantFile, checkTenantFile, CheckedTenantFile, SeedSummary } from './apply-tenant-file';
import { readTenantFile } from './tenant-file';

export interface StartSeed {
  seed: SeedOutcome;
  /** GATEHOUSE_SEED: what this start applied; undefined when it applied nothing (no file, or not a first start). */
  applied?: SeedSummary;
}

/**
 * The default tenant at start (TenantsService.seedDefaultTenant), and on the start that creates it the
 * GATEHOUSE_SEED file: read and checked entry by entry first (a refusal throws SeedError before anything
 * is written), then applied in the transaction that creates the tenant (a refusal of the services' rules
 * throws SeedError and rolls the tenant back with it). Later starts do not read the file.
 */
export async function seedOnStart(app: INestApplication, config: Pick<GatehouseConfig, 'seed'>): Promise<StartSeed> {
  const tenants = app.get(TenantsService);
  let checked: CheckedTenantFile | undefined;
  if (config.seed && !(await tenants.hasDefaultTenant())) {
    checked = await checkTenantFile(readTenantFile(config.seed.path, config.seed.mappings));
  }
  let applied: SeedSummary | undefined;
  const file = checked;
  const seed = await tenants.seedDefaultTenant(
    file &&
      (async ({ tenant, admin }) => {
        applied = await applyTenantFile(
          {
            tenants,
            resourceServers: app.get(ResourceServersService),
            clients: app.get(ClientsService),
            clientsReader: app.get(ClientsReader),
            clientGrants: app.get(ClientGrantsService),
            connections: app.get(ConnectionsService),
            connectionsReader: app.get(ConnectionsReader),
            tenantSettings: app.get(TenantSettingsService),
          },
          tenant,
          admin,
          file,
        );
      }),
  );
  return { seed, applied };
}
