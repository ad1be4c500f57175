/**
 * What GET /ext/v1/migration-report answers (issue 14 §3), for the suites that read it, and the
 * third-party application they create to be read in it.
 */
export interface Finding {
  class: string;
  rule: string;
  property?: string;
  message: string;
  evidence?: Record<string, unknown>;
}
export interface ReportClient {
  client_id: string;
  name: string;
  strict_ready: boolean;
  findings: Finding[];
  strict_twin: Record<string, unknown>;
}
export interface Report {
  phase: 'before_flip' | 'after_flip';
  tenant: {
    account: { eligible: boolean; source: string; explanation: string };
    create_permissive_third_party_clients_by_default: boolean;
    dynamic_client_registration: { enabled: boolean; security_mode: string; security_mode_setting: string | null };
    default_permissions: { audience: string; subject_type: string; scope: string[] }[];
    enabled_rules: number;
    allow_all_apis: { identifier: string; reached_without_grant_by: string[] }[];
    findings: Finding[];
  };
  summary: { permissive_clients: number; strict_ready: number; with_findings: number };
  clients: ReportClient[];
}

/** Rotating refresh tokens that expire (absolute and idle lifetimes), as strict mode requires. */
export const ROTATING_EXPIRING = {
  rotation_type: 'rotating',
  expiration_type: 'expiring',
  token_lifetime: 86400,
  idle_token_lifetime: 3600,
  infinite_idle_token_lifetime: false,
};

/**
 * A third-party regular web application (code flow, client_secret_post, RS256, rotating expiring
 * refresh tokens) calling back to `callback`; `refreshToken` adds to or overrides its refresh_token
 * (leeway and infinite_token_lifetime are left to Gatehouse's defaults unless given).
 */
export const thirdPartyWebApp = (callback: string, refreshToken: Record<string, unknown> = {}) => ({
  is_first_party: false,
  app_type: 'regular_web',
  token_endpoint_auth_method: 'client_secret_post',
  callbacks: [callback],
  grant_types: ['authorization_code', 'refresh_token'],
  jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600 },
  refresh_token: { ...ROTATING_EXPIRING, ...refreshToken },
});
