import { EntitySchema } from 'typeorm';
import type { Json } from './tenancy.schema';

/** The state of user flows (issue 11); see migrations/authorization-ddl.ts. Dates are ISO strings. */
export interface AuthorizationTransactionRow {
  id: string;
  tenant_id: string;
  client_id: string;
  /** The validated authorization request (policy's AuthorizeRequest). */
  request: Json;
  csrf_hash: string;
  user_id: string | null;
  auth_time: string | null;
  created_at: string;
  expires_at: string;
}

export interface LoginSessionRow {
  id_hash: string;
  tenant_id: string;
  user_id: string;
  auth_time: string;
  created_at: string;
  expires_at: string;
}

export interface AuthorizationCodeRow {
  code_hash: string;
  tenant_id: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  audience: string | null;
  /** Granted scopes, space-separated. */
  scope: string;
  nonce: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null;
  auth_time: string;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

export interface RefreshTokenRow {
  id: string;
  token_hash: string;
  tenant_id: string;
  client_id: string;
  user_id: string;
  family_id: string;
  /** The code the family came from (a reused code revokes it). */
  code_hash: string | null;
  audience: string | null;
  scope: string;
  family_started_at: string;
  issued_at: string;
  last_used_at: string | null;
  rotated_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
}

const iso = { type: 'varchar', length: 32 } as const;
const isoOrNull = { ...iso, nullable: true } as const;

export const AuthorizationTransactionSchema = new EntitySchema<AuthorizationTransactionRow>({
  name: 'AuthorizationTransaction',
  tableName: 'authorization_transactions',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    client_id: { type: 'varchar', length: 64 },
    request: { type: 'simple-json' },
    csrf_hash: { type: 'varchar', length: 64 },
    user_id: { type: 'varchar', length: 255, nullable: true },
    auth_time: isoOrNull,
    created_at: iso,
    expires_at: iso,
  },
});

export const LoginSessionSchema = new EntitySchema<LoginSessionRow>({
  name: 'LoginSession',
  tableName: 'login_sessions',
  columns: {
    id_hash: { type: 'varchar', length: 64, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    user_id: { type: 'varchar', length: 255 },
    auth_time: iso,
    created_at: iso,
    expires_at: iso,
  },
});

export const AuthorizationCodeSchema = new EntitySchema<AuthorizationCodeRow>({
  name: 'AuthorizationCode',
  tableName: 'authorization_codes',
  columns: {
    code_hash: { type: 'varchar', length: 64, primary: true },
    tenant_id: { type: 'varchar', length: 64 },
    client_id: { type: 'varchar', length: 64 },
    user_id: { type: 'varchar', length: 255 },
    redirect_uri: { type: 'varchar', length: 2048 },
    audience: { type: 'varchar', length: 600, nullable: true },
    scope: { type: 'text' },
    nonce: { type: 'varchar', length: 512, nullable: true },
    code_challenge: { type: 'varchar', length: 128, nullable: true },
    code_challenge_method: { type: 'varchar', length: 8, nullable: true },
    auth_time: iso,
    created_at: iso,
    expires_at: iso,
    consumed_at: isoOrNull,
  },
});

export const RefreshTokenSchema = new EntitySchema<RefreshTokenRow>({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    token_hash: { type: 'varchar', length: 64, unique: true },
    tenant_id: { type: 'varchar', length: 64 },
    client_id: { type: 'varchar', length: 64 },
    user_id: { type: 'varchar', length: 255 },
    family_id: { type: 'varchar', length: 32 },
    code_hash: { type: 'varchar', length: 64, nullable: true },
    audience: { type: 'varchar', length: 600, nullable: true },
    scope: { type: 'text' },
    family_started_at: iso,
    issued_at: iso,
    last_used_at: isoOrNull,
    rotated_at: isoOrNull,
    revoked_at: isoOrNull,
    expires_at: isoOrNull,
  },
});

export const AUTHORIZATION_FLOW_SCHEMAS = [AuthorizationTransactionSchema, LoginSessionSchema, AuthorizationCodeSchema, RefreshTokenSchema];
