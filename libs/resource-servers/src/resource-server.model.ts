import { ClientPolicy, DEFAULT_API_POLICIES, UserPolicy } from '@gatehouse/policy';
import type { ResourceServerRow } from '@gatehouse/schemas';

/** An API as the rules see it: its policies per subject type, the scopes it defines, whether it is a system API, its token settings. */
export interface ResourceServer {
  id: string;
  identifier: string;
  name: string;
  isSystem: boolean;
  scopes: readonly string[];
  /** What each scope lets an application do, as the API describes it (shown on the consent page). */
  scopeDescriptions: Readonly<Record<string, string>>;
  policies: { user: UserPolicy; client: ClientPolicy };
  /** Lifetime of the access tokens issued for it, in seconds. */
  tokenLifetime: number;
  /**
   * Lifetime of the access tokens issued by browser flows (implicit and hybrid: `token_lifetime_for_web`,
   * Auth0's default 7200), never longer than `tokenLifetime`.
   */
  tokenLifetimeForWeb: number;
  /** `allow_offline_access`: whether refresh tokens may be issued for it (Auth0's default: no). */
  allowOfflineAccess: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The one place a stored API becomes a ResourceServer (its scopes and policies read once, defaults applied). */
export function resourceServerFromRow(row: ResourceServerRow): ResourceServer {
  const sta = isObj(row.body.subject_type_authorization) ? row.body.subject_type_authorization : {};
  const policyOf = (k: 'user' | 'client') => (isObj(sta[k]) && typeof sta[k].policy === 'string' ? sta[k].policy : undefined);
  const scopes = (Array.isArray(row.body.scopes) ? (row.body.scopes as unknown[]) : []).filter(
    (s): s is { value: string; description?: unknown } => isObj(s) && typeof s.value === 'string' && s.value !== '',
  );
  const tokenLifetime = typeof row.body.token_lifetime === 'number' ? row.body.token_lifetime : 86400;
  return {
    id: row.id,
    identifier: row.identifier,
    name: row.name,
    isSystem: row.is_system,
    scopes: scopes.map((s) => s.value),
    scopeDescriptions: Object.fromEntries(
      scopes.filter((s) => typeof s.description === 'string' && s.description !== '').map((s) => [s.value, s.description as string]),
    ),
    policies: {
      user: (policyOf('user') as UserPolicy | undefined) ?? DEFAULT_API_POLICIES.user,
      client: (policyOf('client') as ClientPolicy | undefined) ?? DEFAULT_API_POLICIES.client,
    },
    tokenLifetime,
    tokenLifetimeForWeb: Math.min(typeof row.body.token_lifetime_for_web === 'number' ? row.body.token_lifetime_for_web : 7200, tokenLifetime),
    allowOfflineAccess: row.body.allow_offline_access === true,
  };
}
