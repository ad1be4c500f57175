/**
 * The initial schema as portable SQL, with the few per-dialect words passed in. Each dialect's
 * migration file calls this with its own words, so the two stay the same table by table.
 */
export interface DialectWords {
  json: string;
  bool: string;
  false: string;
}

export function initialSchema(w: DialectWords): string[] {
  return [
    `CREATE TABLE accounts (
      id varchar(64) PRIMARY KEY,
      name varchar(255) NOT NULL,
      created_at varchar(32) NOT NULL)`,
    `CREATE TABLE tenants (
      id varchar(64) PRIMARY KEY,
      account_id varchar(64) NOT NULL REFERENCES accounts(id),
      domain varchar(255) NOT NULL UNIQUE,
      is_default ${w.bool} NOT NULL DEFAULT ${w.false},
      settings ${w.json} NOT NULL,
      management_rate_limit integer,
      bootstrap_client_id varchar(64),
      created_at varchar(32) NOT NULL)`,
    `CREATE INDEX ix_tenants_account ON tenants (account_id)`,
    `CREATE TABLE signing_keys (
      id varchar(64) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      kid varchar(64) NOT NULL,
      alg varchar(16) NOT NULL,
      public_jwk ${w.json} NOT NULL,
      private_key_enc text NOT NULL,
      current ${w.bool} NOT NULL DEFAULT ${w.false},
      created_at varchar(32) NOT NULL)`,
    `CREATE UNIQUE INDEX ux_signing_keys_kid ON signing_keys (tenant_id, kid)`,
    `CREATE TABLE clients (
      client_id varchar(64) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name varchar(255) NOT NULL,
      is_first_party ${w.bool} NOT NULL,
      app_type varchar(32),
      global ${w.bool} NOT NULL DEFAULT ${w.false},
      third_party_security_mode varchar(16),
      client_secret_enc text,
      body ${w.json} NOT NULL,
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL)`,
    `CREATE INDEX ix_clients_tenant_order ON clients (tenant_id, created_at, client_id)`,
    `CREATE TABLE resource_servers (
      id varchar(24) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      identifier varchar(600) NOT NULL,
      name varchar(255) NOT NULL,
      is_system ${w.bool} NOT NULL DEFAULT ${w.false},
      body ${w.json} NOT NULL,
      created_at varchar(32) NOT NULL)`,
    `CREATE UNIQUE INDEX ux_resource_servers_identifier ON resource_servers (tenant_id, identifier)`,
    `CREATE INDEX ix_resource_servers_order ON resource_servers (tenant_id, created_at, id)`,
    `CREATE TABLE client_grants (
      id varchar(32) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      client_id varchar(64),
      default_for varchar(32),
      owner_key varchar(80) NOT NULL,
      audience varchar(600) NOT NULL,
      subject_type varchar(16) NOT NULL,
      scope ${w.json} NOT NULL,
      body ${w.json} NOT NULL,
      created_at varchar(32) NOT NULL)`,
    `CREATE UNIQUE INDEX ux_client_grants_owner ON client_grants (tenant_id, owner_key, audience, subject_type)`,
    `CREATE INDEX ix_client_grants_order ON client_grants (tenant_id, created_at, id)`,
    `CREATE INDEX ix_client_grants_audience ON client_grants (tenant_id, audience)`,
  ];
}

export const INITIAL_TABLES = ['client_grants', 'resource_servers', 'clients', 'signing_keys', 'tenants', 'accounts'];

/**
 * Tenant logs (GET /api/v2/logs): keyed by (tenant, log_id) so checkpoint pages walk the primary key;
 * the other indexes serve the date-ordered search and its type and client filters.
 */
export function tenantLogsSchema(w: Pick<DialectWords, 'json'>): string[] {
  return [
    `CREATE TABLE logs (
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      log_id varchar(64) NOT NULL,
      date varchar(32) NOT NULL,
      type varchar(64) NOT NULL,
      description text,
      client_id varchar(64),
      client_name varchar(255),
      ip varchar(64),
      user_agent varchar(512),
      hostname varchar(255),
      audience varchar(600),
      scope text,
      connection varchar(255),
      user_id varchar(255),
      user_name varchar(255),
      details ${w.json},
      PRIMARY KEY (tenant_id, log_id))`,
    `CREATE INDEX ix_logs_date ON logs (tenant_id, date, log_id)`,
    `CREATE INDEX ix_logs_type ON logs (tenant_id, type, date)`,
    `CREATE INDEX ix_logs_client ON logs (tenant_id, client_id, date)`,
  ];
}
