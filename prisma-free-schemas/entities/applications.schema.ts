import { EntitySchema } from 'typeorm';
import type { Json } from './tenancy.schema';

/**
 * Clients, APIs (resource servers) and client grants. Columns that lists filter or sort on are real
 * columns; the rest of Auth0's nested object lives in `body` (JSON).
 */

export interface ClientRow {
  client_id: string;
  tenant_id: string;
  name: string;
  is_first_party: boolean;
  app_type: string | null;
  global: boolean;
  third_party_security_mode: string | null;
  /** Encrypted with the at-rest key; null for clients without a secret. */
  client_secret_enc: string | null;
  body: Json;
  created_at: string;
  updated_at: string;
}

export const ClientSchema = new EntitySchema<ClientRow>({
  name: 'Client',
  tableName: 'clients',
  columns: {
    client_id: { type: 'varchar', length: 64, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    name: { type: 'varchar', length: 255 },
    is_first_party: { type: 'boolean' },
    app_type: { type: 'varchar', length: 32, nullable: true },
    global: { type: 'boolean', default: false },
    third_party_security_mode: { type: 'varchar', length: 16, nullable: true },
    client_secret_enc: { type: 'text', nullable: true },
    body: { type: 'simple-json' },
    created_at: { type: 'varchar', length: 32 },
    updated_at: { type: 'varchar', length: 32 },
  },
});

export interface ResourceServerRow {
  id: string;
  tenant_id: string;
  identifier: string;
  name: string;
  is_system: boolean;
  body: Json;
  created_at: string;
}

export const ResourceServerSchema = new EntitySchema<ResourceServerRow>({
  name: 'ResourceServer',
  tableName: 'resource_servers',
  columns: {
    id: { type: 'varchar', length: 24, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    identifier: { type: 'varchar', length: 600 },
    name: { type: 'varchar', length: 255 },
    is_system: { type: 'boolean', default: false },
    body: { type: 'simple-json' },
    created_at: { type: 'varchar', length: 32 },
  },
});

export interface ClientGrantRow {
  id: string;
  tenant_id: string;
  client_id: string | null;
  default_for: string | null;
  /** client_id, or `default:<default_for>`: one non-null column for the uniqueness rule. */
  owner_key: string;
  audience: string;
  subject_type: string;
  scope: string[];
  allow_any_organization: boolean;
  body: Json;
  created_at: string;
}

export const ClientGrantSchema = new EntitySchema<ClientGrantRow>({
  name: 'ClientGrant',
  tableName: 'client_grants',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    client_id: { type: 'varchar', length: 64, nullable: true },
    default_for: { type: 'varchar', length: 32, nullable: true },
    owner_key: { type: 'varchar', length: 80 },
    audience: { type: 'varchar', length: 600 },
    subject_type: { type: 'varchar', length: 16 },
    scope: { type: 'simple-json' },
    allow_any_organization: { type: 'boolean', default: false },
    body: { type: 'simple-json' },
    created_at: { type: 'varchar', length: 32 },
  },
});
