import { Initial1763900000000 as PostgresInitial } from './migrations/postgres/1763900000000-initial';
import { Initial1763900000000 as SqliteInitial } from './migrations/sqlite/1763900000000-initial';
import { ThirdPartyModel1763900000001 as PostgresThirdPartyModel } from './migrations/postgres/1763900000001-third-party-model';
import { ThirdPartyModel1763900000001 as SqliteThirdPartyModel } from './migrations/sqlite/1763900000001-third-party-model';
import { TenantLogs1763900000002 as PostgresTenantLogs } from './migrations/postgres/1763900000002-tenant-logs';
import { TenantLogs1763900000002 as SqliteTenantLogs } from './migrations/sqlite/1763900000002-tenant-logs';
import { MyAccountApiOnActivation1763900000003 as PostgresMyAccountApiOnActivation } from './migrations/postgres/1763900000003-my-account-api-on-activation';
import { MyAccountApiOnActivation1763900000003 as SqliteMyAccountApiOnActivation } from './migrations/sqlite/1763900000003-my-account-api-on-activation';
import { Identities1763900000006 as PostgresIdentities } from './migrations/postgres/1763900000006-identities';
import { Identities1763900000006 as SqliteIdentities } from './migrations/sqlite/1763900000006-identities';
import { AuthorizationFlows1763900000010 as PostgresAuthorizationFlows } from './migrations/postgres/1763900000010-authorization-flows';
import { AuthorizationFlows1763900000010 as SqliteAuthorizationFlows } from './migrations/sqlite/1763900000010-authorization-flows';
import { AccountHistory1763900000014 as PostgresAccountHistory } from './migrations/postgres/1763900000014-account-history';
import { AccountHistory1763900000014 as SqliteAccountHistory } from './migrations/sqlite/1763900000014-account-history';
import { ClientGrantSchema, ClientSchema, ResourceServerSchema } from './entities/applications.schema';
import { AUTHORIZATION_FLOW_SCHEMAS } from './entities/authorization.schema';
import { AccountSchema, NetworkAclSchema, SigningKeySchema, TenantSchema } from './entities/tenancy.schema';
import { LogEventSchema } from './entities/logs.schema';
import { IDENTITY_SCHEMAS } from './entities/identities.schema';

export * from './entities/tenancy.schema';
export * from './entities/applications.schema';
export * from './entities/logs.schema';
export * from './entities/identities.schema';
export * from './entities/authorization.schema';

export const ENTITY_SCHEMAS = [
  AccountSchema,
  TenantSchema,
  SigningKeySchema,
  ClientSchema,
  ResourceServerSchema,
  ClientGrantSchema,
  NetworkAclSchema,
  LogEventSchema,
  ...IDENTITY_SCHEMAS,
  ...AUTHORIZATION_FLOW_SCHEMAS,
];

/** Migrations per dialect, in order. A new migration is added to both lists in the same change. */
export const MIGRATIONS = {
  sqlite: [
    SqliteInitial,
    SqliteThirdPartyModel,
    SqliteTenantLogs,
    SqliteMyAccountApiOnActivation,
    SqliteIdentities,
    SqliteAuthorizationFlows,
    SqliteAccountHistory,
  ],
  postgres: [
    PostgresInitial,
    PostgresThirdPartyModel,
    PostgresTenantLogs,
    PostgresMyAccountApiOnActivation,
    PostgresIdentities,
    PostgresAuthorizationFlows,
    PostgresAccountHistory,
  ],
};
