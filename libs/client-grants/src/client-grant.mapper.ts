import type { ClientGrantRow } from '@gatehouse/schemas';

type Obj = Record<string, unknown>;

/**
 * A grant as Auth0 returns it. Keys only where Auth0 sends them (recordings): `client_id` or
 * `default_for`, `organization_usage`, `authorization_details_types` and `allow_all_scopes` once set,
 * `allow_any_organization` once set (the body remembers that it was; the column holds the effective
 * value lists filter on). Gatehouse makes no grants of Auth0's own, so `is_system` never appears.
 */
export function toClientGrantResponse(row: ClientGrantRow): Obj {
  const body: Obj = { ...row.body };
  const anyOrgSet = 'allow_any_organization' in body || row.allow_any_organization;
  delete body.allow_any_organization;
  return {
    id: row.id,
    ...(row.client_id ? { client_id: row.client_id } : {}),
    ...(row.default_for ? { default_for: row.default_for } : {}),
    audience: row.audience,
    scope: row.scope,
    subject_type: row.subject_type,
    ...body,
    ...(anyOrgSet ? { allow_any_organization: row.allow_any_organization } : {}),
  };
}
