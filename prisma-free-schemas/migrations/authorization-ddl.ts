/**
 * The state of user flows (issue 11): authorization transactions between /authorize and the login and
 * consent pages, login sessions, authorization codes and refresh tokens. Secrets are stored only as
 * SHA-256 hashes (a code, a refresh token, a session cookie, a CSRF token); every row carries its tenant.
 */
export function authorizationFlowsSchema(w: { json: string }): string[] {
  return [
    `CREATE TABLE authorization_transactions (
      id varchar(64) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      client_id varchar(64) NOT NULL,
      request ${w.json} NOT NULL,
      csrf_hash varchar(64) NOT NULL,
      user_id varchar(255),
      auth_time varchar(32),
      created_at varchar(32) NOT NULL,
      expires_at varchar(32) NOT NULL)`,
    `CREATE INDEX ix_authorization_transactions_client ON authorization_transactions (tenant_id, client_id)`,
    `CREATE TABLE login_sessions (
      id_hash varchar(64) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      user_id varchar(255) NOT NULL,
      auth_time varchar(32) NOT NULL,
      created_at varchar(32) NOT NULL,
      expires_at varchar(32) NOT NULL)`,
    `CREATE INDEX ix_login_sessions_user ON login_sessions (tenant_id, user_id)`,
    `CREATE TABLE authorization_codes (
      code_hash varchar(64) PRIMARY KEY,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      client_id varchar(64) NOT NULL,
      user_id varchar(255) NOT NULL,
      redirect_uri varchar(2048) NOT NULL,
      audience varchar(600),
      scope text NOT NULL,
      nonce varchar(512),
      code_challenge varchar(128),
      code_challenge_method varchar(8),
      auth_time varchar(32) NOT NULL,
      created_at varchar(32) NOT NULL,
      expires_at varchar(32) NOT NULL,
      consumed_at varchar(32))`,
    `CREATE INDEX ix_authorization_codes_client ON authorization_codes (tenant_id, client_id)`,
    `CREATE TABLE refresh_tokens (
      id varchar(32) PRIMARY KEY,
      token_hash varchar(64) NOT NULL UNIQUE,
      tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      client_id varchar(64) NOT NULL,
      user_id varchar(255) NOT NULL,
      family_id varchar(32) NOT NULL,
      code_hash varchar(64),
      audience varchar(600),
      scope text NOT NULL,
      family_started_at varchar(32) NOT NULL,
      issued_at varchar(32) NOT NULL,
      last_used_at varchar(32),
      rotated_at varchar(32),
      revoked_at varchar(32),
      expires_at varchar(32))`,
    `CREATE INDEX ix_refresh_tokens_client ON refresh_tokens (tenant_id, client_id)`,
    `CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (tenant_id, family_id)`,
    `CREATE INDEX ix_refresh_tokens_code ON refresh_tokens (tenant_id, code_hash)`,
  ];
}

export const AUTHORIZATION_FLOW_TABLES = ['refresh_tokens', 'authorization_codes', 'login_sessions', 'authorization_transactions'];
