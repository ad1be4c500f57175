import type { AuthorizationServerMetadataBody } from '@gatehouse/contract';
import { RESPONSE_MODES, RESPONSE_TYPES, ResponseType, RESTRICTED_ENDPOINTS } from '@gatehouse/policy';
import type { Tenant } from '@gatehouse/tenancy';
import { tenantSettingsFrom } from '@gatehouse/tenant-settings';
import { ACCEPTED_CLIENT_AUTH_METHODS, ACCEPTED_GRANT_TYPES, CODE_CHALLENGE_METHODS } from './token-endpoint';

/** The members that carry an endpoint's URL (RFC 8414 §2, OpenID Connect Discovery 1.0 §3), in Auth0's order. */
export type EndpointMember =
  | 'authorization_endpoint'
  | 'token_endpoint'
  | 'device_authorization_endpoint'
  | 'userinfo_endpoint'
  | 'mfa_challenge_endpoint'
  | 'jwks_uri'
  | 'registration_endpoint'
  | 'revocation_endpoint';

/** Metadata that describes an endpoint, advertised with it. */
export interface EndpointMetadata {
  grant_types_supported?: readonly string[];
  token_endpoint_auth_methods_supported?: readonly string[];
  revocation_endpoint_auth_methods_supported?: readonly string[];
  response_types_supported?: ResponseType[];
  response_modes_supported?: readonly (typeof RESPONSE_MODES)[number][];
  code_challenge_methods_supported?: readonly string[];
  subject_types_supported?: readonly 'public'[];
  id_token_signing_alg_values_supported?: readonly 'RS256'[];
}

/**
 * A document as built: the issuer and the members every document carries, and each endpoint's URL and
 * metadata only while it is served. The contract (AuthorizationServerMetadataBody) is this document for
 * what Gatehouse serves today.
 */
export type DiscoveryDocument = Pick<
  AuthorizationServerMetadataBody,
  'issuer' | 'response_types_supported' | 'request_uri_parameter_supported' | 'request_parameter_supported'
> &
  Partial<Record<EndpointMember, string>> &
  EndpointMetadata;

/** One endpoint a discovery document may name (RFC 8414 §2, OpenID Connect Discovery 1.0 §3). */
export interface DiscoveryEndpoint {
  /** The metadata member that carries its URL. */
  member: EndpointMember;
  /** The method clients call it with; "served" means Gatehouse has a route for this method and path. */
  method: 'GET' | 'POST';
  /** Auth0's path for it, relative to the issuer. */
  path: string;
  /** A condition on the tenant besides being served (registration: only while DCR is on, SPEC §7). */
  when?: (tenant: Tenant) => boolean;
  /** Metadata that describes this endpoint, advertised with it and only with it. */
  metadata?: EndpointMetadata;
}

/**
 * Paths of Auth0's Authentication API that Gatehouse answers only to refuse them (strict applications'
 * restrictions, or "not emulated"): discovery never advertises them, whatever route answers.
 */
export const REFUSAL_ONLY_PATHS: readonly string[] = RESTRICTED_ENDPOINTS.map((e) => e.path);

export const dcrEnabled = (tenant: Tenant): boolean => tenantSettingsFrom(tenant.settings).dcrEnabled;

/**
 * Auth0's endpoints, in the order of Auth0's document. A document lists exactly those Gatehouse serves
 * (issue 9 §7): the others (device code, MFA) appear by themselves once their route emulates them (a
 * route that only refuses, REFUSAL_ONLY_PATHS, does not count). `/authorize`'s `metadata` carries what it
 * serves: `code`, the implicit and the hybrid response types (policy's RESPONSE_TYPES; strict clients:
 * `code` only), in the query, the fragment or a form post (RESPONSE_MODES), with PKCE `S256` or `plain`
 * (strict clients: S256).
 */
export const DISCOVERY_ENDPOINTS: readonly DiscoveryEndpoint[] = [
  {
    member: 'authorization_endpoint',
    method: 'GET',
    path: 'authorize',
    metadata: {
      response_types_supported: [...RESPONSE_TYPES],
      response_modes_supported: RESPONSE_MODES,
      code_challenge_methods_supported: CODE_CHALLENGE_METHODS,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    },
  },
  {
    member: 'token_endpoint',
    method: 'POST',
    path: 'oauth/token',
    metadata: { grant_types_supported: ACCEPTED_GRANT_TYPES, token_endpoint_auth_methods_supported: ACCEPTED_CLIENT_AUTH_METHODS },
  },
  { member: 'device_authorization_endpoint', method: 'POST', path: 'oauth/device/code' },
  { member: 'userinfo_endpoint', method: 'GET', path: 'userinfo' },
  { member: 'mfa_challenge_endpoint', method: 'POST', path: 'mfa/challenge' },
  { member: 'jwks_uri', method: 'GET', path: '.well-known/jwks.json' },
  { member: 'registration_endpoint', method: 'POST', path: 'oidc/register', when: dcrEnabled },
  {
    member: 'revocation_endpoint',
    method: 'POST',
    path: 'oauth/revoke',
    metadata: { revocation_endpoint_auth_methods_supported: ACCEPTED_CLIENT_AUTH_METHODS },
  },
];

/**
 * The tenant's discovery document, served both as `/.well-known/openid-configuration` and as
 * `/.well-known/oauth-authorization-server`. `issuer` is exactly the tenant's public base URL with a
 * trailing slash (clients compare strings); every URL is built on it. `served` says whether the server
 * has a route for an endpoint's method and path.
 */
export function discoveryDocument(tenant: Tenant, served: (endpoint: DiscoveryEndpoint) => boolean): DiscoveryDocument {
  const advertised = DISCOVERY_ENDPOINTS.filter((e) => served(e) && (e.when?.(tenant) ?? true));
  const urls: Partial<Record<EndpointMember, string>> = Object.fromEntries(advertised.map((e) => [e.member, `${tenant.issuer}${e.path}`]));
  return {
    issuer: tenant.issuer,
    ...urls,
    // Required by RFC 8414 and by OpenID Connect Discovery; empty while there is no authorization
    // endpoint, which fills it in through its `metadata`.
    response_types_supported: [],
    ...advertised.reduce<EndpointMetadata>((metadata, e) => ({ ...metadata, ...e.metadata }), {}),
    // OpenID Connect Discovery's defaults would claim `request_uri` support; Auth0 says false for both.
    request_uri_parameter_supported: false,
    request_parameter_supported: false,
  };
}
