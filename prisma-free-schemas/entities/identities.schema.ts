import { EntitySchema } from 'typeorm';
import type { Json } from './tenancy.schema';

/** Connections, enabled clients, users, users' grants and Rules; see migrations/identities-ddl.ts. Dates are ISO strings. */

export interface ConnectionRow {
  id: string;
  tenant_id: string;
  name: string;
  strategy: string;
  is_domain_connection: boolean;
  /** Auth0's other properties (`options`, `realms`, `display_name`, …). */
  body: Json;
  created_at: string;
}

export const ConnectionSchema = new EntitySchema<ConnectionRow>({
  name: 'Connection',
  tableName: 'connections',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    name: { type: 'varchar', length: 128 },
    strategy: { type: 'varchar', length: 64 },
    is_domain_connection: { type: 'boolean', default: false },
    body: { type: 'simple-json' },
    created_at: { type: 'varchar', length: 32 },
  },
});

export interface ConnectionClientRow {
  tenant_id: string;
  connection_id: string;
  client_id: string;
  created_at: string;
}

export const ConnectionClientSchema = new EntitySchema<ConnectionClientRow>({
  name: 'ConnectionClient',
  tableName: 'connection_clients',
  columns: {
    tenant_id: { type: 'varchar', length: 64 },
    connection_id: { type: 'varchar', length: 32, primary: true },
    client_id: { type: 'varchar', length: 64, primary: true },
    created_at: { type: 'varchar', length: 32 },
  },
});

export interface UserRow {
  tenant_id: string;
  /** Auth0's full id, `auth0|<id>`. */
  user_id: string;
  connection_id: string;
  /** Lower-cased, as Auth0 stores database users' emails. */
  email: string | null;
  username: string | null;
  /** `scrypt$…` with its parameters and salt (libs/users/src/password-hash.ts); never leaves the users lib. */
  password_hash: string | null;
  /** Auth0's other profile properties (`name`, `nickname`, `picture`, metadata, …). */
  body: Json;
  created_at: string;
  updated_at: string;
}

export const UserSchema = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'users',
  columns: {
    tenant_id: { type: 'varchar', length: 64, primary: true },
    user_id: { type: 'varchar', length: 255, primary: true },
    connection_id: { type: 'varchar', length: 32 },
    email: { type: 'varchar', length: 320, nullable: true },
    username: { type: 'varchar', length: 128, nullable: true },
    password_hash: { type: 'varchar', length: 512, nullable: true },
    body: { type: 'simple-json' },
    created_at: { type: 'varchar', length: 32 },
    updated_at: { type: 'varchar', length: 32 },
  },
});

export interface UserGrantRow {
  id: string;
  tenant_id: string;
  user_id: string;
  client_id: string;
  audience: string;
  scope: string[];
  created_at: string;
  updated_at: string;
}

export const UserGrantSchema = new EntitySchema<UserGrantRow>({
  name: 'UserGrant',
  tableName: 'user_grants',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    user_id: { type: 'varchar', length: 255 },
    client_id: { type: 'varchar', length: 64 },
    audience: { type: 'varchar', length: 600 },
    scope: { type: 'simple-json' },
    created_at: { type: 'varchar', length: 32 },
    updated_at: { type: 'varchar', length: 32 },
  },
});

export interface RuleRow {
  id: string;
  tenant_id: string;
  name: string;
  script: string;
  enabled: boolean;
  rule_order: number;
  stage: string;
  created_at: string;
}

export const RuleSchema = new EntitySchema<RuleRow>({
  name: 'Rule',
  tableName: 'rules',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    name: { type: 'varchar', length: 255 },
    script: { type: 'text' },
    enabled: { type: 'boolean' },
    rule_order: { type: 'integer' },
    stage: { type: 'varchar', length: 32 },
    created_at: { type: 'varchar', length: 32 },
  },
});

export const IDENTITY_SCHEMAS = [ConnectionSchema, ConnectionClientSchema, UserSchema, UserGrantSchema, RuleSchema];
