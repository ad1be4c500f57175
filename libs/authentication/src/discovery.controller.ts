import { Controller, Get } from '@nestjs/common';
import { Public } from '@gatehouse/management-auth';
import { DCR_FLAG } from '@gatehouse/policy';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';

/**
 * OpenID Connect discovery and RFC 8414 metadata. `issuer` is exactly the tenant's public base URL with
 * a trailing slash (clients compare strings); `registration_endpoint` only while DCR is enabled.
 */
export function discoveryDocument(tenant: Tenant): Record<string, unknown> {
  const base = tenant.issuer;
  const dcr = (tenant.settings.flags as Record<string, unknown> | undefined)?.[DCR_FLAG] === true;
  return {
    issuer: base,
    authorization_endpoint: `${base}authorize`,
    token_endpoint: `${base}oauth/token`,
    device_authorization_endpoint: `${base}oauth/device/code`,
    userinfo_endpoint: `${base}userinfo`,
    mfa_challenge_endpoint: `${base}mfa/challenge`,
    jwks_uri: `${base}.well-known/jwks.json`,
    ...(dcr ? { registration_endpoint: `${base}oidc/register` } : {}),
    revocation_endpoint: `${base}oauth/revoke`,
    scopes_supported: ['openid', 'profile', 'offline_access', 'name', 'given_name', 'family_name', 'nickname', 'email', 'email_verified', 'picture', 'created_at', 'identities', 'phone', 'address'],
    response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'token id_token', 'code token id_token'],
    code_challenge_methods_supported: ['S256', 'plain'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['public'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'PS256'],
    id_token_signing_alg_values_supported: ['HS256', 'RS256', 'PS256'],
    claims_supported: ['aud', 'auth_time', 'created_at', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'identities', 'iss', 'name', 'nickname', 'phone_number', 'picture', 'sub'],
    request_uri_parameter_supported: false,
    request_parameter_supported: false,
  };
}

@Controller('.well-known')
@Public()
export class DiscoveryController {
  @Get('openid-configuration')
  openid(@CurrentTenant() tenant: Tenant) {
    return discoveryDocument(tenant);
  }

  @Get('oauth-authorization-server')
  oauth(@CurrentTenant() tenant: Tenant) {
    return discoveryDocument(tenant);
  }
}
