import { EntitySchema } from 'typeorm';

// JSON columns hold Auth0's nested objects.
export type Json = any;

/** Timestamps are stored as ISO-8601 strings (fixed width, so they sort as text on every dialect). */

export interface AccountRow {
  id: string;
  name: string;
  /** Set once a third-party client is created before security modes were introduced ("has or had"). */
  permissive_eligible: boolean;
  /** Recorded history (control plane): the account had third-party applications before April 2026, since this instant. */
  history_since: string | null;
  /** The first pre-April third-party client of one of its tenants: when it was created, and which (kept after it is deleted). */
  eligible_since: string | null;
  eligible_client_id: string | null;
  created_at: string;
}

export const AccountSchema = new EntitySchema<AccountRow>({
  name: 'Account',
  tableName: 'accounts',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    name: { type: 'varchar', length: 255 },
    permissive_eligible: { type: 'boolean', default: false },
    history_since: { type: 'varchar', length: 32, nullable: true },
    eligible_since: { type: 'varchar', length: 32, nullable: true },
    eligible_client_id: { type: 'varchar', length: 64, nullable: true },
    created_at: { type: 'varchar', length: 32 },
  },
});

export interface TenantRow {
  id: string;
  account_id: string;
  /** host[:port] the tenant answers on; unique. */
  domain: string;
  is_default: boolean;
  /** Tenant settings in Auth0's shape (GET /api/v2/tenants/settings). */
  settings: Json;
  /** Management API requests per minute; null means the configured default. */
  management_rate_limit: number | null;
  /** The bootstrap admin application created with the tenant, if any. */
  bootstrap_client_id: string | null;
  created_at: string;
}

export const TenantSchema = new EntitySchema<TenantRow>({
  name: 'Tenant',
  tableName: 'tenants',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    account_id: { type: 'varchar', length: 64 },
    domain: { type: 'varchar', length: 255, unique: true },
    is_default: { type: 'boolean', default: false },
    settings: { type: 'simple-json' },
    management_rate_limit: { type: 'integer', nullable: true },
    bootstrap_client_id: { type: 'varchar', length: 64, nullable: true },
    created_at: { type: 'varchar', length: 32 },
  },
});

export interface SigningKeyRow {
  id: string;
  tenant_id: string;
  kid: string;
  alg: string;
  public_jwk: Json;
  /** PKCS#8 PEM, encrypted with the at-rest key (see SecretBox). */
  private_key_enc: string;
  /** Self-signed X.509 certificate and PKCS#7 of the public key (clients' `signing_keys`). */
  certificate: Json | null;
  current: boolean;
  created_at: string;
}

export const SigningKeySchema = new EntitySchema<SigningKeyRow>({
  name: 'SigningKey',
  tableName: 'signing_keys',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    kid: { type: 'varchar', length: 64 },
    alg: { type: 'varchar', length: 16 },
    public_jwk: { type: 'simple-json' },
    private_key_enc: { type: 'text' },
    certificate: { type: 'simple-json', nullable: true },
    current: { type: 'boolean', default: false },
    created_at: { type: 'varchar', length: 32 },
  },
});

export interface NetworkAclRow {
  id: string;
  tenant_id: string;
  priority: number;
  active: boolean;
  description: string;
  rule: Json;
  created_at: string;
}

export const NetworkAclSchema = new EntitySchema<NetworkAclRow>({
  name: 'NetworkAcl',
  tableName: 'network_acls',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    priority: { type: 'integer' },
    active: { type: 'boolean' },
    description: { type: 'varchar', length: 255 },
    rule: { type: 'simple-json' },
    created_at: { type: 'varchar', length: 32 },
  },
});
