import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsUrlFormat, MaxProperties, Nullable, PaginationQuery, QueryValue, UrlFormat } from '@gatehouse/http';
import { SECURITY_MODES, SecurityMode } from '@gatehouse/policy';

/** Auth0's client enums (reference OAS: ClientAppTypeEnum, ClientTokenEndpointAuthMethodEnum, …). */
export const APP_TYPES = [
  'native',
  'spa',
  'regular_web',
  'non_interactive',
  'resource_server',
  'express_configuration',
  'rms',
  'box',
  'cloudbees',
  'concur',
  'dropbox',
  'mscrm',
  'echosign',
  'egnyte',
  'newrelic',
  'office365',
  'salesforce',
  'sentry',
  'sharepoint',
  'slack',
  'springcm',
  'zendesk',
  'zoom',
  'sso_integration',
  'oag',
];
export const TOKEN_ENDPOINT_AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'];
export const REDIRECTION_POLICIES = ['allow_always', 'open_redirect_protection'];
export const ORGANIZATION_USAGES = ['deny', 'allow', 'require'];
export const ORGANIZATION_REQUIRE_BEHAVIORS = ['no_prompt', 'pre_login_prompt', 'post_login_prompt'];
export const ORGANIZATION_DISCOVERY_METHODS = ['email', 'organization_name'];
export const COMPLIANCE_LEVELS = ['none', 'fapi1_adv_pkj_par', 'fapi1_adv_mtls_par', 'fapi2_sp_pkj_mtls', 'fapi2_sp_mtls_mtls'];
export const ASYNC_APPROVAL_CHANNELS = ['guardian-push', 'email'];
export const JWT_ALGS = ['HS256', 'RS256', 'RS512', 'PS256'];

/** A list of URLs in one of Auth0's URL formats (at most 1000 entries of 2000 characters). */
function UrlList(format: UrlFormat): PropertyDecorator {
  return (target, key) =>
    [IsOptional(), IsArray(), ArrayMaxSize(1000), IsString({ each: true }), MaxLength(2000, { each: true }), IsUrlFormat(format, { each: true })].forEach((d) =>
      d(target, key),
    );
}

export class JwtConfigurationDto {
  @IsOptional() @IsInt() @Min(1) lifetime_in_seconds?: number;
  @IsOptional() @IsBoolean() secret_encoded?: boolean;
  @IsOptional() @IsObject() scopes?: Record<string, unknown>;
  @IsOptional() @IsIn(JWT_ALGS) alg?: string;
}

export class RefreshTokenDto {
  @IsOptional() @IsIn(['rotating', 'non-rotating']) rotation_type?: string;
  @IsOptional() @IsIn(['expiring', 'non-expiring']) expiration_type?: string;
  @IsOptional() @IsInt() @Min(0) leeway?: number;
  @IsOptional() @IsInt() @Min(1) @Max(157788000) token_lifetime?: number;
  @IsOptional() @IsBoolean() infinite_token_lifetime?: boolean;
  @IsOptional() @IsInt() @Min(1) idle_token_lifetime?: number;
  @IsOptional() @IsBoolean() infinite_idle_token_lifetime?: boolean;
  @IsOptional() @IsArray() policies?: unknown[];
}

/**
 * Every property of Auth0's CreateClientRequestContent / UpdateClientRequestContent (reference OAS and
 * auth0 SDK v7), validated by type, format and limits. Unknown properties are refused by the global pipe;
 * which of these a strict client may set is the policy library's business. `@Nullable()` marks the
 * properties Auth0 lets a caller send as `null` (its schema, plus what the recordings show it accepting):
 * a PATCH with `null` clears them.
 */
export class ClientPropertiesDto {
  @IsOptional() @IsString() @MaxLength(140) description?: string;
  @IsOptional() @IsString() @MaxLength(2000) @IsUrlFormat('absolute-uri-or-empty') logo_uri?: string;
  @UrlList('callback-url') callbacks?: string[];
  @UrlList('url-with-placeholders') allowed_origins?: string[];
  @UrlList('url-with-placeholders') web_origins?: string[];
  @UrlList('url-with-placeholders') allowed_logout_urls?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MinLength(1, { each: true }) client_aliases?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) allowed_clients?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) grant_types?: string[];
  @Nullable() @IsOptional() @IsIn(TOKEN_ENDPOINT_AUTH_METHODS) token_endpoint_auth_method?: string | null;
  @IsOptional() @IsIn(APP_TYPES) app_type?: string;
  @IsOptional() @IsBoolean() is_first_party?: boolean;
  @IsOptional() @IsIn(SECURITY_MODES as string[]) third_party_security_mode?: SecurityMode;
  @IsOptional() @IsBoolean() oidc_conformant?: boolean;
  @IsOptional() @IsObject() @MaxProperties(10) client_metadata?: Record<string, string | null>;
  @IsOptional() @ValidateNested() @Type(() => JwtConfigurationDto) jwt_configuration?: JwtConfigurationDto;
  @Nullable() @IsOptional() @ValidateNested() @Type(() => RefreshTokenDto) refresh_token?: RefreshTokenDto | null;
  @Nullable() @IsOptional() @IsObject() client_authentication_methods?: Record<string, unknown> | null;
  @IsOptional() @IsBoolean() require_proof_of_possession?: boolean;
  @IsOptional() @IsIn(REDIRECTION_POLICIES) redirection_policy?: string;
  @IsOptional() @IsBoolean() sso?: boolean;
  @IsOptional() @IsBoolean() sso_disabled?: boolean;
  @IsOptional() @IsBoolean() cross_origin_authentication?: boolean;
  @Nullable() @IsOptional() @IsString() @IsUrlFormat('url') cross_origin_loc?: string | null;
  @IsOptional() @IsBoolean() custom_login_page_on?: boolean;
  @IsOptional() @IsString() @MinLength(1) custom_login_page?: string;
  @IsOptional() @IsString() @MinLength(1) custom_login_page_preview?: string;
  @IsOptional() @IsString() @MinLength(1) form_template?: string;
  @Nullable() @IsOptional() @IsObject() addons?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsObject() encryption_key?: Record<string, unknown> | null;
  @IsOptional() @IsObject() mobile?: Record<string, unknown>;
  @IsOptional() @IsString() @MaxLength(2000) @IsUrlFormat('absolute-https-uri-with-placeholders-or-empty') initiate_login_uri?: string;
  @Nullable() @IsOptional() @IsObject() native_social_login?: Record<string, unknown> | null;
  @IsOptional() @IsObject() oidc_logout?: Record<string, unknown>;
  @Nullable() @IsOptional() @IsObject() oidc_backchannel_logout?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsIn(ORGANIZATION_USAGES) organization_usage?: string | null;
  @Nullable() @IsOptional() @IsIn(ORGANIZATION_REQUIRE_BEHAVIORS) organization_require_behavior?: string | null;
  @Nullable() @IsOptional() @IsArray() @IsIn(ORGANIZATION_DISCOVERY_METHODS, { each: true }) organization_discovery_methods?: string[] | null;
  @IsOptional() @IsBoolean() is_token_endpoint_ip_header_trusted?: boolean;
  @IsOptional() @IsBoolean() require_pushed_authorization_requests?: boolean;
  @Nullable() @IsOptional() @IsInt() @Min(10) @Max(600) par_request_expiry?: number | null;
  @Nullable() @IsOptional() @IsObject() signed_request_object?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsIn(COMPLIANCE_LEVELS) compliance_level?: string | null;
  @Nullable() @IsOptional() @IsObject() token_exchange?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsObject() session_transfer?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsObject() default_organization?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsBoolean() skip_non_verifiable_callback_uri_confirmation_prompt?: boolean | null;
  @Nullable() @IsOptional() @IsObject() token_quota?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsObject() fedcm_login?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsObject() token_vault_privileged_access?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsObject() identity_assertion_authorization_grant?: Record<string, unknown> | null;
  @IsOptional() @IsObject() anonymous_sessions?: Record<string, unknown>;
  @Nullable() @IsOptional() @IsObject() express_configuration?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsObject() my_organization_configuration?: Record<string, unknown> | null;
  @Nullable() @IsOptional() @IsArray() @IsIn(ASYNC_APPROVAL_CHANNELS, { each: true }) async_approval_notification_channels?: string[] | null;
}

/** Auth0 refuses `<` and `>` in a client's name (pattern `^[^<>]+$`). */
const NAME = () => [IsString(), IsNotEmpty(), MaxLength(255), Matches(/^[^<>]+$/, { message: 'String does not match pattern ^[^<>]+$' })];

export class CreateClientDto extends ClientPropertiesDto {
  @((target: object, key: string | symbol) => NAME().forEach((d) => d(target, key))) name!: string;
  /** Links a `resource_server` application to its API (create only). */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(600) resource_server_identifier?: string;
}

export class UpdateClientDto extends ClientPropertiesDto {
  @IsOptional() @((target: object, key: string | symbol) => NAME().forEach((d) => d(target, key))) name?: string;
  @IsOptional() @IsString() @MinLength(1) client_secret?: string;
}

/** GET /api/v2/clients: both paginations, projection, and the filters. */
export class ListClientsQuery extends PaginationQuery {
  @Allow() fields?: QueryValue;
  @Allow() include_fields?: QueryValue;
  @Allow() is_first_party?: QueryValue;
  @Allow() is_global?: QueryValue;
  @Allow() app_type?: QueryValue;
  /** Accepted and ignored, as before (Auth0's Lucene search over clients is not emulated). */
  @Allow() q?: QueryValue;
}
