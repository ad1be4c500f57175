import { MANAGEMENT_API_SCOPES } from './management-scopes';

/**
 * The system APIs (SPEC §5): the Management API every tenant has, and the My Account API once
 * activated. They can never be granted to third-party clients.
 * The Management API audience is `https://{domain}/api/v2/` whatever the scheme Gatehouse serves,
 * because Auth0's SDKs compute it from the domain.
 */
export interface SystemApiDefinition {
  name: string;
  identifier: string;
  scopes: { value: string; description: string }[];
  token_lifetime: number;
  /** Fixed: an admin cannot change who may get tokens for a system API. */
  subject_type_authorization: { user: { policy: string }; client: { policy: string } };
  /**
   * `always`: every tenant has it from its creation. `on_activation`: it exists once a resource server
   * is created with its identifier, and is a system API from then on (SPEC §5, the My Account API).
   */
  presence: 'always' | 'on_activation';
}

/** What a system API (Management API, My Account API) lets an admin change; anything else is refused. */
export const SYSTEM_API_UPDATABLE = ['token_lifetime', 'token_lifetime_for_web', 'skip_consent_for_verifiable_first_party_clients'];

export function managementAudience(domain: string): string {
  return `https://${domain}/api/v2/`;
}

export function myAccountAudience(domain: string): string {
  return `https://${domain}/me/`;
}

const MY_ACCOUNT_SCOPES = [
  'read:me:authentication_methods',
  'create:me:authentication_methods',
  'update:me:authentication_methods',
  'delete:me:authentication_methods',
  'read:me:factors',
];

function describeScope(scope: string): string {
  const [verb, resource] = scope.split(/:(.*)/s);
  const noun = (resource ?? '').replace(/^me:/, 'my ').replace(/_/g, ' ');
  return `${verb![0]!.toUpperCase()}${verb!.slice(1)} ${noun}`;
}

export function systemApis(domain: string): SystemApiDefinition[] {
  return [
    {
      name: 'Auth0 Management API',
      identifier: managementAudience(domain),
      scopes: MANAGEMENT_API_SCOPES.map((value) => ({ value, description: describeScope(value) })),
      token_lifetime: 86400,
      subject_type_authorization: { user: { policy: 'deny_all' }, client: { policy: 'require_client_grant' } },
      presence: 'always',
    },
    {
      name: 'Auth0 My Account API',
      identifier: myAccountAudience(domain),
      scopes: MY_ACCOUNT_SCOPES.map((value) => ({ value, description: describeScope(value) })),
      token_lifetime: 600,
      subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } },
      presence: 'on_activation',
    },
  ];
}

/** The system API that creating a resource server with `identifier` activates, if any (SPEC §5). */
export function activatedSystemApi(domain: string, identifier: string): SystemApiDefinition | undefined {
  return systemApis(domain).find((api) => api.presence === 'on_activation' && api.identifier === identifier);
}

/** What a request may set on a system API: SYSTEM_API_UPDATABLE and `also`; the rest is refused. */
export function refusedSystemApiProperties(payload: Record<string, unknown>, also: readonly string[] = []): string[] {
  return Object.keys(payload).filter((k) => !SYSTEM_API_UPDATABLE.includes(k) && !also.includes(k));
}

/**
 * A system API's stored properties: its fixed facts from the definition, and what an admin may change
 * (SYSTEM_API_UPDATABLE) taken from `current` (the stored body, or the activating request) when set.
 */
export function systemApiBody(api: SystemApiDefinition, current: Record<string, unknown> = {}): Record<string, unknown> {
  const kept = Object.fromEntries(SYSTEM_API_UPDATABLE.filter((k) => current[k] !== undefined && current[k] !== null).map((k) => [k, current[k]]));
  return {
    signing_alg: 'RS256',
    token_lifetime: api.token_lifetime,
    token_lifetime_for_web: 7200,
    allow_offline_access: false,
    skip_consent_for_verifiable_first_party_clients: false,
    ...kept,
    scopes: api.scopes,
    subject_type_authorization: api.subject_type_authorization,
  };
}
