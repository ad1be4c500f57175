/**
 * Connections, their enabled clients, users, users' grants (consents) and Rules (issue 11 §5). Every row
 * carries its tenant; a user goes with its connection and a consent with its user or its client, by
 * foreign keys, so no deletion can leave a dangling row whichever lib deletes.
 */
export function identitiesSchema(w: { json: string; bool: string; false: string }): string[] {
  return [
    `CREATE TABLE connections (
      id varchar(32) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name varchar(128) NOT NULL,
      strategy varchar(64) NOT NULL,
      is_domain_connection ${w.bool} NOT NULL DEFAULT ${w.false},
      body ${w.json} NOT NULL,
      created_at varchar(32) NOT NULL)`,
    `CREATE UNIQUE INDEX ux_connections_name ON connections (tenant_id, name)`,
    `CREATE INDEX ix_connections_order ON connections (tenant_id, created_at, id)`,
    `CREATE TABLE connection_clients (
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      connection_id varchar(32) NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      client_id varchar(64) NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
      created_at varchar(32) NOT NULL,
      PRIMARY KEY (connection_id, client_id))`,
    `CREATE INDEX ix_connection_clients_order ON connection_clients (tenant_id, connection_id, created_at, client_id)`,
    `CREATE INDEX ix_connection_clients_client ON connection_clients (tenant_id, client_id)`,
    `CREATE TABLE users (
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      user_id varchar(255) NOT NULL,
      connection_id varchar(32) NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      email varchar(320),
      username varchar(128),
      password_hash varchar(512),
      body ${w.json} NOT NULL,
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL,
      PRIMARY KEY (tenant_id, user_id))`,
    `CREATE UNIQUE INDEX ux_users_email ON users (connection_id, email)`,
    `CREATE UNIQUE INDEX ux_users_username ON users (connection_id, username)`,
    `CREATE INDEX ix_users_order ON users (tenant_id, created_at, user_id)`,
    `CREATE TABLE user_grants (
      id varchar(32) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL,
      user_id varchar(255) NOT NULL,
      client_id varchar(64) NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
      audience varchar(600) NOT NULL,
      scope ${w.json} NOT NULL,
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL,
      FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, user_id) ON DELETE CASCADE)`,
    `CREATE UNIQUE INDEX ux_user_grants_consent ON user_grants (tenant_id, user_id, client_id, audience)`,
    `CREATE INDEX ix_user_grants_order ON user_grants (tenant_id, created_at, id)`,
    `CREATE INDEX ix_user_grants_client ON user_grants (tenant_id, client_id)`,
    `CREATE TABLE rules (
      id varchar(32) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name varchar(255) NOT NULL,
      script text NOT NULL,
      enabled ${w.bool} NOT NULL,
      rule_order integer NOT NULL,
      stage varchar(32) NOT NULL,
      created_at varchar(32) NOT NULL)`,
    `CREATE UNIQUE INDEX ux_rules_name ON rules (tenant_id, name)`,
    `CREATE INDEX ix_rules_order ON rules (tenant_id, created_at, id)`,
  ];
}

export const IDENTITY_TABLES = ['rules', 'user_grants', 'users', 'connection_clients', 'connections'];
