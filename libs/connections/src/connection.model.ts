import { PASSWORD_POLICIES, PasswordPolicy } from '@gatehouse/policy';
import type { ConnectionRow } from '@gatehouse/schemas';

/** Auth0's connection strategies (its `ConnectionIdentityProviderEnum`): what a request may name. */
export const CONNECTION_STRATEGIES = [
  'ad',
  'adfs',
  'amazon',
  'apple',
  'dropbox',
  'bitbucket',
  'auth0-oidc',
  'auth0',
  'baidu',
  'bitly',
  'box',
  'custom',
  'daccount',
  'dwolla',
  'email',
  'evernote-sandbox',
  'evernote',
  'exact',
  'facebook',
  'fitbit',
  'github',
  'google-apps',
  'google-oauth2',
  'instagram',
  'ip',
  'line',
  'linkedin',
  'oauth1',
  'oauth2',
  'office365',
  'oidc',
  'okta',
  'paypal',
  'paypal-sandbox',
  'pingfederate',
  'planningcenter',
  'salesforce-community',
  'salesforce-sandbox',
  'salesforce',
  'samlp',
  'sharepoint',
  'shopify',
  'shop',
  'sms',
  'soundcloud',
  'thirtysevensignals',
  'twitter',
  'untappd',
  'vkontakte',
  'waad',
  'weibo',
  'windowslive',
  'wordpress',
  'yahoo',
  'yandex',
  'auth0-adldap',
] as const;
export type ConnectionStrategy = (typeof CONNECTION_STRATEGIES)[number];

/** The strategies Gatehouse emulates: database connections only (social and enterprise are out of scope, issue 11). */
export const EMULATED_STRATEGIES = ['auth0'] as const satisfies readonly ConnectionStrategy[];
export type EmulatedStrategy = (typeof EMULATED_STRATEGIES)[number];

/** Auth0's `name` rule: alphanumerics and `-`, starting and ending alphanumeric, at most 128 characters. */
export const CONNECTION_NAME_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
export const CONNECTION_NAME_MAX = 128;

/** The connection every tenant starts with, as in Auth0. */
export const DEFAULT_DATABASE_CONNECTION = 'Username-Password-Authentication';

/** Its options as Auth0 makes them for a new tenant (password policy `good`, brute-force protection on). */
export const DEFAULT_DATABASE_CONNECTION_OPTIONS: Readonly<Record<string, unknown>> = {
  mfa: { active: true, return_enroll_settings: true },
  passwordPolicy: 'good',
  strategy_version: 2,
  brute_force_protection: true,
};

/** Auth0's properties of a connection that carry no rule here beyond their shape: kept and echoed once set. */
export interface ConnectionProperties {
  display_name?: string;
  options?: Record<string, unknown>;
  realms?: string[];
  show_as_button?: boolean;
  metadata?: Record<string, string | null>;
  authentication?: { active: boolean };
  connected_accounts?: { active: boolean };
}

/** A connection as the rules see it (STYLE.md, "the seam between storage and rules"). */
export interface Connection {
  id: string;
  tenantId: string;
  name: string;
  strategy: EmulatedStrategy;
  /** Promoted to domain level: third-party applications may use it (strict ones only such). */
  isDomainConnection: boolean;
  createdAt: string;
  properties: Readonly<ConnectionProperties>;
}

/** What a database connection's options demand of its users (read from Auth0's `options`). */
export interface DatabaseRules {
  passwordPolicy?: PasswordPolicy;
  /** `options.password_complexity_options.min_length`, when set. */
  passwordMinLength?: number;
  requiresUsername: boolean;
}

/** The one place a stored connection becomes a Connection. */
export function connectionFromRow(row: ConnectionRow): Connection {
  if (!(EMULATED_STRATEGIES as readonly string[]).includes(row.strategy)) {
    throw new Error(`connection ${row.id}: stored strategy ${JSON.stringify(row.strategy)} is none of ${EMULATED_STRATEGIES.join(', ')}`);
  }
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    strategy: row.strategy as EmulatedStrategy,
    isDomainConnection: row.is_domain_connection,
    createdAt: row.created_at,
    properties: row.body as ConnectionProperties,
  };
}

/** A Connection as stored: the inverse of `connectionFromRow`. */
export function connectionToRow(c: Connection): ConnectionRow {
  return {
    id: c.id,
    tenant_id: c.tenantId,
    name: c.name,
    strategy: c.strategy,
    is_domain_connection: c.isDomainConnection,
    body: { ...c.properties },
    created_at: c.createdAt,
  };
}

/** The database rules a connection's options carry; what is absent or malformed demands nothing. */
export function databaseRules(c: Connection): DatabaseRules {
  const options = c.properties.options ?? {};
  const policy = options.passwordPolicy;
  const complexity = options.password_complexity_options as { min_length?: unknown } | undefined;
  const min = complexity?.min_length;
  return {
    ...((PASSWORD_POLICIES as readonly unknown[]).includes(policy) ? { passwordPolicy: policy as PasswordPolicy } : {}),
    ...(typeof min === 'number' && Number.isInteger(min) ? { passwordMinLength: min } : {}),
    requiresUsername: options.requires_username === true,
  };
}
