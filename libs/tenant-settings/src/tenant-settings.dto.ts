import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { SECURITY_MODES } from '@gatehouse/policy';

/** The tenant settings Gatehouse stores (UpdateTenantSettingsRequestContent, the parts in scope). */
export class UpdateTenantSettingsDto {
  @IsOptional() @IsString() @MaxLength(255) friendly_name?: string;
  @IsOptional() @IsString() @MaxLength(2000) picture_url?: string;
  @IsOptional() @IsString() @MaxLength(255) support_email?: string;
  @IsOptional() @IsString() @MaxLength(2000) support_url?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) allowed_logout_urls?: string[];
  @IsOptional() @IsNumber() @Min(0) session_lifetime?: number;
  @IsOptional() @IsNumber() @Min(0) idle_session_lifetime?: number;
  @IsOptional() @IsInt() @Min(1) session_lifetime_in_minutes?: number;
  @IsOptional() @IsInt() @Min(1) idle_session_lifetime_in_minutes?: number;
  @IsOptional() @IsNumber() @Min(0) ephemeral_session_lifetime?: number;
  @IsOptional() @IsNumber() @Min(0) idle_ephemeral_session_lifetime?: number;
  @IsOptional() @IsInt() @Min(1) ephemeral_session_lifetime_in_minutes?: number;
  @IsOptional() @IsInt() @Min(1) idle_ephemeral_session_lifetime_in_minutes?: number;
  @IsOptional() @IsString() default_audience?: string;
  @IsOptional() @IsString() default_directory?: string;
  @IsOptional() @IsString() default_redirection_uri?: string;
  @IsOptional() @IsString() sandbox_version?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) enabled_locales?: string[];
  @IsOptional() @IsIn(['audience', 'compatibility']) resource_parameter_profile?: string;
  @IsOptional() @IsIn(SECURITY_MODES as string[]) dynamic_client_registration_security_mode?: string;
  @IsOptional() @IsObject() flags?: Record<string, unknown>;
  @IsOptional() @IsObject() sessions?: Record<string, unknown>;
  @IsOptional() @IsObject() session_cookie?: Record<string, unknown>;
  @IsOptional() @IsObject() error_page?: Record<string, unknown>;
  @IsOptional() @IsObject() change_password?: Record<string, unknown>;
  @IsOptional() @IsObject() guardian_mfa_page?: Record<string, unknown>;
  @IsOptional() @IsObject() device_flow?: Record<string, unknown>;
  @IsOptional() @IsBoolean() allow_organization_name_in_authentication_api?: boolean;
  @IsOptional() @IsBoolean() customize_mfa_in_postlogin_action?: boolean;
  @IsOptional() @IsBoolean() pushed_authorization_requests_supported?: boolean;
  @IsOptional() @IsBoolean() authorization_response_iss_parameter_supported?: boolean;
  @IsOptional() @IsBoolean() skip_non_verifiable_callback_uri_confirmation_prompt?: boolean;
}
