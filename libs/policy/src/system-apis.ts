import { MANAGEMENT_API_SCOPES } from './management-scopes';

/**
 * Every tenant's system APIs (SPEC §5). They can never be granted to third-party clients.
 * The Management API audience is `https://{domain}/api/v2/` whatever the scheme Gatehouse serves,
 * because Auth0's SDKs compute it from the domain.
 */
export interface SystemApiDefinition {
  name: string;
  identifier: string;
  scopes: { value: string; description: string }[];
  token_lifetime: number;
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
    },
    {
      name: 'Auth0 My Account API',
      identifier: myAccountAudience(domain),
      scopes: MY_ACCOUNT_SCOPES.map((value) => ({ value, description: describeScope(value) })),
      token_lifetime: 600,
    },
  ];
}
