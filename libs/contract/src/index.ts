// The response and request types of openapi.yaml, generated (scripts/generate-contract-types.js), so the
// mappers return what the contract documents and the contract test checks: one source of types.
import type { components, operations, paths } from './openapi.generated';

export type { components, operations, paths };
type Schemas = components['schemas'];

// Management API bodies.
export type ClientBody = Schemas['Client'];
export type ClientProjectionBody = Schemas['ClientProjection'];
export type ClientListBody = Schemas['ClientList'];
export type ResourceServerBody = Schemas['ResourceServer'];
export type ResourceServerListBody = Schemas['ResourceServerList'];
export type ClientGrantBody = Schemas['ClientGrant'];
export type ClientGrantListBody = Schemas['ClientGrantList'];
export type NetworkAclBody = Schemas['NetworkAcl'];
export type LogEventBody = Schemas['LogEvent'];
export type LogProjectionBody = Schemas['LogProjection'];
export type LogListBody = Schemas['LogList'];
export type TenantSettingsBody = Schemas['TenantSettings'];
export type LintResultBody = Schemas['LintResult'];
export type AccessDecisionBody = Schemas['AccessDecision'];

// Authentication API bodies.
export type TokenResponseBody = Schemas['TokenResponse'];
export type ClientRegistrationResponseBody = Schemas['ClientRegistrationResponse'];
export type AuthorizationServerMetadataBody = Schemas['AuthorizationServerMetadata'];
export type JwksBody = Schemas['Jwks'];
