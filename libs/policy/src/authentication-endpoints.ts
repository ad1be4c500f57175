import type { FlowKind } from './authorization-request';
import { MODE_RULES } from './security-modes';

/**
 * Authentication API endpoints that strict third-party applications may not use (seed 002, "Features
 * not supported"; SPEC §8), each tied to the feature of MODE_RULES[mode].unsupportedFeatures that
 * refuses it, so that allowing one later is a data change. `path` is a find-my-way route.
 */
export interface RestrictedEndpoint {
  methods: readonly ('GET' | 'POST')[];
  path: string;
  feature: string;
  /** What the endpoint is, for the error description, and whether that name is plural. */
  name: string;
  plural?: true;
  /** What to use instead, when there is something. */
  instead?: string;
}

export const RESTRICTED_ENDPOINTS: readonly RestrictedEndpoint[] = [
  { methods: ['GET'], path: '/v2/logout', feature: 'logout_endpoints', name: 'Logout endpoints', plural: true, instead: 'POST /oauth/revoke to revoke tokens' },
  {
    methods: ['GET', 'POST'],
    path: '/oidc/logout',
    feature: 'logout_endpoints',
    name: 'Logout endpoints',
    plural: true,
    instead: 'POST /oauth/revoke to revoke tokens',
  },
  {
    methods: ['POST'],
    path: '/oauth/ro',
    feature: 'legacy_endpoints',
    name: 'The legacy /oauth/ro endpoint',
    instead: 'the authorization code flow with PKCE',
  },
  { methods: ['POST'], path: '/delegation', feature: 'legacy_endpoints', name: 'The legacy /delegation endpoint', instead: 'refresh tokens' },
  {
    methods: ['POST'],
    path: '/dbconnections/signup',
    feature: 'non_oauth_endpoints',
    name: 'Non-OAuth Authentication API endpoints (/dbconnections/*)',
    plural: true,
  },
  {
    methods: ['POST'],
    path: '/dbconnections/change_password',
    feature: 'non_oauth_endpoints',
    name: 'Non-OAuth Authentication API endpoints (/dbconnections/*)',
    plural: true,
  },
  {
    methods: ['POST'],
    path: '/passwordless/start',
    feature: 'non_oauth_endpoints',
    name: 'Non-OAuth Authentication API endpoints (/passwordless/*)',
    plural: true,
  },
  {
    methods: ['POST'],
    path: '/passwordless/verify',
    feature: 'non_oauth_endpoints',
    name: 'Non-OAuth Authentication API endpoints (/passwordless/*)',
    plural: true,
  },
  { methods: ['POST'], path: '/oauth/device/code', feature: 'device_code', name: 'The device authorization flow' },
  { methods: ['POST'], path: '/oauth/par', feature: 'par', name: 'Pushed authorization requests (PAR)', plural: true },
  { methods: ['POST'], path: '/bc-authorize', feature: 'ciba', name: 'Client-initiated backchannel authentication (CIBA)' },
  { methods: ['GET', 'POST'], path: '/samlp/:client_id', feature: 'samlp', name: 'SAML' },
  { methods: ['GET', 'POST'], path: '/wsfed/:client_id', feature: 'wsfed', name: 'WS-Federation' },
];

/** Why this client may not use the endpoint (undefined: its kind may). */
export function restrictedEndpointRefusal(kind: FlowKind, endpoint: RestrictedEndpoint): string | undefined {
  if (kind.firstParty || !MODE_RULES[kind.mode].unsupportedFeatures.includes(endpoint.feature)) return undefined;
  const instead = endpoint.instead ? `; use ${endpoint.instead}` : '';
  return `${endpoint.name} ${endpoint.plural ? 'are' : 'is'} not supported for third-party applications in ${kind.mode} mode${instead}`;
}
