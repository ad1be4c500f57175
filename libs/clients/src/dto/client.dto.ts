import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SECURITY_MODES } from '@gatehouse/policy';

/** Auth0's client enums (reference OAS: ClientAppTypeEnum, ClientTokenEndpointAuthMethodEnum, …). */
export const APP_TYPES = [
  'native', 'spa', 'regular_web', 'non_interactive', 'resource_server', 'express_configuration', 'rms', 'box', 'cloudbees',
  'concur', 'dropbox', 'mscrm', 'echosign', 'egnyte', 'newrelic', 'office365', 'salesforce', 'sentry', 'sharepoint', 'slack',
  'springcm', 'zendesk', 'zoom', 'sso_integration', 'oag',
];
export const TOKEN_ENDPOINT_AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'];
export const REDIRECTION_POLICIES = ['allow_always', 'open_redirect_protection'];
export const ORGANIZATION_USAGES = ['deny', 'allow', 'require'];
export const ORGANIZATION_REQUIRE_BEHAVIORS = ['no_prompt', 'pre_login_prompt', 'post_login_prompt'];
export const COMPLIANCE_LEVELS = ['none', 'fapi1_adv_pkj_par', 'fapi1_adv_mtls_par', 'fapi2_sp_pkj_mtls', 'fapi2_sp_mtls_mtls'];

const URL_LIST = () => [IsOptional(), IsArray(), ArrayMaxSize(1000), IsString({ each: true }), MaxLength(2000, { each: true })];
function UrlList(): PropertyDecorator {
  return (target, key) => URL_LIST().forEach((d) => d(target, key));
}

export class JwtConfigurationDto {
  @IsOptional() @IsInt() @Min(1) lifetime_in_seconds?: number;
  @IsOptional() @IsBoolean() secret_encoded?: boolean;
  @IsOptional() @IsObject() scopes?: Record<string, unknown>;
  @IsOptional() @IsIn(['HS256', 'RS256', 'RS512', 'PS256']) alg?: string;
}

export class RefreshTokenDto {
  @IsOptional() @IsIn(['rotating', 'non-rotating']) rotation_type?: string;
  @IsOptional() @IsIn(['expiring', 'non-expiring']) expiration_type?: string;
  @IsOptional() @IsInt() @Min(0) leeway?: number;
  @IsOptional() @IsInt() @Min(1) token_lifetime?: number;
  @IsOptional() @IsBoolean() infinite_token_lifetime?: boolean;
  @IsOptional() @IsInt() @Min(1) idle_token_lifetime?: number;
  @IsOptional() @IsBoolean() infinite_idle_token_lifetime?: boolean;
  @IsOptional() @IsArray() policies?: unknown[];
}

/**
 * The properties of CreateClientRequestContent that Gatehouse stores. Unknown properties are refused
 * by the global pipe; which of these a strict client may set is the policy library's business.
 */
export class ClientPropertiesDto {
  @IsOptional() @IsString() @MaxLength(140) description?: string;
  @IsOptional() @IsString() @MaxLength(2000) logo_uri?: string;
  @UrlList() callbacks?: string[];
  @UrlList() allowed_origins?: string[];
  @UrlList() web_origins?: string[];
  @UrlList() allowed_logout_urls?: string[];
  @UrlList() client_aliases?: string[];
  @UrlList() allowed_clients?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) grant_types?: string[];
  @IsOptional() @IsIn(TOKEN_ENDPOINT_AUTH_METHODS) token_endpoint_auth_method?: string;
  @IsOptional() @IsIn(APP_TYPES) app_type?: string;
  @IsOptional() @IsBoolean() is_first_party?: boolean;
  @IsOptional() @IsIn(SECURITY_MODES as string[]) third_party_security_mode?: string;
  @IsOptional() @IsBoolean() oidc_conformant?: boolean;
  @IsOptional() @IsObject() client_metadata?: Record<string, string>;
  @IsOptional() @ValidateNested() @Type(() => JwtConfigurationDto) jwt_configuration?: JwtConfigurationDto;
  @IsOptional() @ValidateNested() @Type(() => RefreshTokenDto) refresh_token?: RefreshTokenDto;
  @IsOptional() @IsObject() client_authentication_methods?: Record<string, unknown>;
  @IsOptional() @IsBoolean() require_proof_of_possession?: boolean;
  @IsOptional() @IsIn(REDIRECTION_POLICIES) redirection_policy?: string;
  @IsOptional() @IsBoolean() sso?: boolean;
  @IsOptional() @IsBoolean() sso_disabled?: boolean;
  @IsOptional() @IsBoolean() cross_origin_authentication?: boolean;
  @IsOptional() @IsString() cross_origin_loc?: string;
  @IsOptional() @IsBoolean() custom_login_page_on?: boolean;
  @IsOptional() @IsString() custom_login_page?: string;
  @IsOptional() @IsString() custom_login_page_preview?: string;
  @IsOptional() @IsString() form_template?: string;
  @IsOptional() @IsObject() addons?: Record<string, unknown>;
  @IsOptional() @IsObject() encryption_key?: Record<string, unknown>;
  @IsOptional() @IsObject() mobile?: Record<string, unknown>;
  @IsOptional() @IsString() initiate_login_uri?: string;
  @IsOptional() @IsObject() native_social_login?: Record<string, unknown>;
  @IsOptional() @IsObject() oidc_logout?: Record<string, unknown>;
  @IsOptional() @IsObject() oidc_backchannel_logout?: Record<string, unknown>;
  @IsOptional() @IsIn(ORGANIZATION_USAGES) organization_usage?: string;
  @IsOptional() @IsIn(ORGANIZATION_REQUIRE_BEHAVIORS) organization_require_behavior?: string;
  @IsOptional() @IsBoolean() is_token_endpoint_ip_header_trusted?: boolean;
  @IsOptional() @IsBoolean() require_pushed_authorization_requests?: boolean;
  @IsOptional() @IsInt() @Min(5) par_request_expiry?: number;
  @IsOptional() @IsObject() signed_request_object?: Record<string, unknown>;
  @IsOptional() @IsIn(COMPLIANCE_LEVELS) compliance_level?: string;
  @IsOptional() @IsObject() token_exchange?: Record<string, unknown>;
  @IsOptional() @IsObject() session_transfer?: Record<string, unknown>;
  @IsOptional() @IsObject() default_organization?: Record<string, unknown>;
  @IsOptional() @IsArray() organization_discovery_methods?: string[];
  @IsOptional() @IsBoolean() skip_non_verifiable_callback_uri_confirmation_prompt?: boolean;
}

export class CreateClientDto extends ClientPropertiesDto {
  @IsString() @IsNotEmpty() @MaxLength(255) name!: string;
}

export class UpdateClientDto extends ClientPropertiesDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) name?: string;
  @IsOptional() @IsString() client_secret?: string;
}
