import { Initial1763900000000 as PostgresInitial } from './migrations/postgres/1763900000000-initial';
import { Initial1763900000000 as SqliteInitial } from './migrations/sqlite/1763900000000-initial';
import { AccountEligibility1763900000001 as PostgresAccountEligibility } from './migrations/postgres/1763900000001-account-eligibility';
import { AccountEligibility1763900000001 as SqliteAccountEligibility } from './migrations/sqlite/1763900000001-account-eligibility';
import { ClientGrantSchema, ClientSchema, ResourceServerSchema } from './entities/applications.schema';
import { AccountSchema, SigningKeySchema, TenantSchema } from './entities/tenancy.schema';

export * from './entities/tenancy.schema';
export * from './entities/applications.schema';

export const ENTITY_SCHEMAS = [
  AccountSchema,
  TenantSchema,
  SigningKeySchema,
  ClientSchema,
  ResourceServerSchema,
  ClientGrantSchema,
];

/** Migrations per dialect, in order. A new migration is added to both lists in the same change. */
export const MIGRATIONS = {
  sqlite: [SqliteInitial, SqliteAccountEligibility],
  postgres: [PostgresInitial, PostgresAccountEligibility],
};
