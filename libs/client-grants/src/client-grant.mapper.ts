import type { ClientGrantBody } from '@gatehouse/contract';
import type { ClientGrant } from './client-grant.model';

/**
 * A grant as Auth0 returns it. Keys only where Auth0 sends them (recordings): `client_id` or
 * `default_for`, `organization_usage`, `authorization_details_types` and `allow_all_scopes` once set,
 * `allow_any_organization` once set. Gatehouse makes no grants of Auth0's own, so `is_system` never appears.
 */
export function toClientGrantResponse(g: ClientGrant): ClientGrantBody {
  const owner = g.owner.kind === 'client' ? { client_id: g.owner.clientId } : { default_for: g.owner.defaultFor };
  const { allow_any_organization, ...properties } = g.properties;
  return {
    id: g.id,
    ...owner,
    audience: g.audience,
    scope: [...g.scopes],
    subject_type: g.subjectType,
    ...properties,
    ...(g.allowAllScopes !== undefined ? { allow_all_scopes: g.allowAllScopes } : {}),
    ...(allow_any_organization !== undefined ? { allow_any_organization } : {}),
  };
}
