import { ACL_SCOPES, AclAction, AclMatch, AclRule, AclScope } from '@gatehouse/policy';
import type { NetworkAclRow } from '@gatehouse/schemas';

/** A network ACL as the rules see it: the policy's AclRule (priority, active, rule), plus what only the API reports. */
export interface NetworkAcl extends AclRule {
  tenantId: string;
  description: string;
  /** As stored (ISO 8601). */
  createdAt: string;
}

const ACTIONS: readonly AclAction[] = ['block', 'allow', 'log'];
const MATCH_LISTS = ['ipv4_cidrs', 'ipv6_cidrs', 'geo_country_codes', 'user_agents'] as const satisfies readonly (keyof AclMatch)[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function matchOf(v: unknown): AclMatch | undefined {
  if (!isObject(v)) return undefined;
  const out: AclMatch = {};
  for (const k of MATCH_LISTS) if (Array.isArray(v[k])) out[k] = (v[k] as unknown[]).filter((x): x is string => typeof x === 'string');
  return out;
}

/**
 * The one place a rule as Auth0 writes it (`action`, `match`, `not_match`, `scope`) becomes the policy's
 * typed rule: from a stored row, and from a validated request body. Absent lists stay absent.
 */
export function aclRuleOf(json: unknown): AclRule['rule'] {
  const r = isObject(json) ? json : {};
  const action = isObject(r.action) ? r.action : {};
  if (!ACL_SCOPES.includes(r.scope as AclScope)) throw new Error(`network ACL rule: ${JSON.stringify(r.scope)} is not a scope`);
  const actions: AclRule['rule']['action'] = {};
  for (const a of ACTIONS) if (action[a] === true) actions[a] = true;
  const match = matchOf(r.match);
  const notMatch = matchOf(r.not_match);
  return {
    action: actions,
    ...(match ? { match } : {}),
    ...(notMatch ? { not_match: notMatch } : {}),
    scope: r.scope as AclScope,
  };
}

/** The one place a stored row becomes a NetworkAcl. */
export function networkAclFromRow(row: NetworkAclRow): NetworkAcl {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    priority: row.priority,
    active: row.active,
    description: row.description,
    rule: aclRuleOf(row.rule),
    createdAt: row.created_at,
  };
}

/** A NetworkAcl as stored: the inverse of `networkAclFromRow`. */
export function networkAclToRow(acl: NetworkAcl): NetworkAclRow {
  return {
    id: acl.id,
    tenant_id: acl.tenantId,
    priority: acl.priority,
    active: acl.active,
    description: acl.description,
    rule: { ...acl.rule },
    created_at: acl.createdAt,
  };
}
