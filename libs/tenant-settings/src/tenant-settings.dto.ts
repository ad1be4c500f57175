import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { IsUrlFormat, Nullable } from '@gatehouse/http';
import { SECURITY_MODES, SecurityMode, TENANT_FLAGS } from '@gatehouse/policy';
import { RESOURCE_PARAMETER_PROFILES, ResourceParameterProfile } from './tenant-settings.defaults';

/**
 * PATCH /api/v2/tenants/settings: every property of Auth0's UpdateTenantSettingsRequestContent, with its
 * types, formats, enums and limits. Which properties take `null` follows Auth0's schema (`type: [..,
 * "null"]`): top level through @Nullable() (the global pipe refuses every other null by name), nested
 * through `OrNull` (else `Present`, which refuses null like a wrong type).
 */

/** Absent is fine; a value that is present, `null` included, must pass the property's rules. */
const Present = (): PropertyDecorator => ValidateIf((_o, v) => v !== undefined);
/** Absent or `null` (Auth0's `type: [..., "null"]`) is fine. */
const OrNull = (): PropertyDecorator => IsOptional();

/** Properties a value sets (a DTO instance also has its declared, unset fields as `undefined`). */
const definedKeys = (value: object): number => Object.values(value).filter((v) => v !== undefined).length;

/** JSON Schema's `minProperties` / `maxProperties` on an object value. */
function PropertyCount(limits: { min?: number; max?: number }, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'propertyCount',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (a: ValidationArguments) => {
          const n = a.value && typeof a.value === 'object' ? definedKeys(a.value as object) : 0;
          return limits.min !== undefined && n < limits.min
            ? `Too few properties defined (${n}), minimum ${limits.min}`
            : `Too many properties defined (${n}), maximum ${limits.max}`;
        },
        ...options,
      },
      validator: {
        validate: (value: unknown) => {
          if (!value || typeof value !== 'object' || Array.isArray(value)) return true; // the type rule reports it
          const n = definedKeys(value);
          return (limits.min === undefined || n >= limits.min) && (limits.max === undefined || n <= limits.max);
        },
      },
    });
}

/** An object whose every value passes `check` (JSON Schema `additionalProperties: {schema}`). */
function IsMapOf(describe: string, check: (v: unknown) => boolean): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMapOf',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `every value must be ${describe}` },
      validator: {
        validate: (value: unknown) => !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every(check),
      },
    });
}

/** Auth0's `email-or-empty` format. */
function IsEmailOrEmpty(): PropertyDecorator {
  const email = IsEmail();
  return (target, propertyName) => {
    ValidateIf((_o, v) => v !== '')(target, propertyName);
    email(target, propertyName);
  };
}

/** Auth0's TenantSettingsSupportedLocalesEnum (82 locales). */
export const SUPPORTED_LOCALES = [
  'am',
  'ar',
  'ar-EG',
  'ar-SA',
  'az',
  'bg',
  'bn',
  'bs',
  'ca-ES',
  'cnr',
  'cs',
  'cy',
  'da',
  'de',
  'el',
  'en',
  'en-CA',
  'es',
  'es-419',
  'es-AR',
  'es-MX',
  'et',
  'eu-ES',
  'fa',
  'fi',
  'fr',
  'fr-CA',
  'fr-FR',
  'gl-ES',
  'gu',
  'he',
  'hi',
  'hr',
  'hu',
  'hy',
  'id',
  'is',
  'it',
  'ja',
  'ka',
  'kk',
  'kn',
  'ko',
  'lt',
  'lv',
  'mk',
  'ml',
  'mn',
  'mr',
  'ms',
  'my',
  'nb',
  'nl',
  'nn',
  'no',
  'pa',
  'pl',
  'pt',
  'pt-BR',
  'pt-PT',
  'ro',
  'ru',
  'sk',
  'sl',
  'so',
  'sq',
  'sr',
  'sv',
  'sw',
  'ta',
  'te',
  'th',
  'tl',
  'tr',
  'uk',
  'ur',
  'vi',
  'zgh',
  'zh-CN',
  'zh-HK',
  'zh-MO',
  'zh-TW',
] as const;
export const SESSION_COOKIE_MODES = ['persistent', 'non-persistent'] as const;
export const DEVICE_FLOW_CHARSETS = ['base20', 'digits'] as const;
export const COUNTRY_CODE_MODES = ['allow', 'deny'] as const;
export const CSP_POLICY_MODES = ['enforcing', 'reporting'] as const;
export const CSP_FLAGS = ['upgrade-insecure-requests', 'block-all-mixed-content'] as const;
export const XSS_PROTECTION_MODES = ['block'] as const;
const INT32_MAX = 2147483647;

/** `flags`: each of Auth0's TenantSettingsFlags, a boolean; the names are data in libs/policy. */
export class TenantFlagsDto {
  [flag: string]: boolean | undefined;
}
for (const flag of TENANT_FLAGS) {
  Present()(TenantFlagsDto.prototype, flag);
  IsBoolean()(TenantFlagsDto.prototype, flag);
}

/** change_password and guardian_mfa_page (TenantSettingsPasswordPage, TenantSettingsGuardianPage). */
export class PageCustomizationDto {
  @Present() @IsBoolean() enabled?: boolean;
  @Present() @IsString() html?: string;
}

export class ErrorPageDto {
  @Present() @IsString() html?: string;
  @Present() @IsBoolean() show_log_link?: boolean;
  @Present() @IsString() @IsUrlFormat('absolute-uri-or-empty') url?: string;
}

export class DeviceFlowDto {
  @Present() @IsIn(DEVICE_FLOW_CHARSETS) charset?: string;
  @Present() @IsString() @MaxLength(20) mask?: string;
}

export class TokenQuotaClientCredentialsDto {
  @Present() @IsBoolean() enforce?: boolean;
  @Present() @IsInt() @Min(1) @Max(INT32_MAX) per_day?: number;
  @Present() @IsInt() @Min(1) @Max(INT32_MAX) per_hour?: number;
}

export class TokenQuotaConfigurationDto {
  @IsObject()
  @PropertyCount({ min: 1 })
  @ValidateNested()
  @Type(() => TokenQuotaClientCredentialsDto)
  client_credentials!: TokenQuotaClientCredentialsDto;
}

export class DefaultTokenQuotaDto {
  @Present() @IsObject() @ValidateNested() @Type(() => TokenQuotaConfigurationDto) clients?: TokenQuotaConfigurationDto;
  @Present() @IsObject() @ValidateNested() @Type(() => TokenQuotaConfigurationDto) organizations?: TokenQuotaConfigurationDto;
}

export class CspPolicyReportingDto {
  @Present() @IsString() report_uri?: string;
  @Present() @IsString() report_to_group?: string;
}

export class CspPolicyDto {
  @Present() @IsIn(CSP_POLICY_MODES) mode?: string;
  @Present()
  @IsObject()
  @PropertyCount({ max: 30 })
  @IsMapOf('an array of strings of at most 2048 characters', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length <= 2048))
  directives?: Record<string, string[]>;
  @Present() @IsArray() @IsIn(CSP_FLAGS, { each: true }) flags?: string[];
  @OrNull() @IsObject() @ValidateNested() @Type(() => CspPolicyReportingDto) reporting?: CspPolicyReportingDto | null;
}

export class CspReportToEndpointDto {
  @Present() @IsString() url?: string;
}

export class CspReportToDto {
  @Present() @IsString() group?: string;
  @Present() @IsInt() max_age?: number;
  @Present() @IsArray() @ValidateNested({ each: true }) @Type(() => CspReportToEndpointDto) endpoints?: CspReportToEndpointDto[];
}

export class CspReportingInfrastructureDto {
  @OrNull() @IsObject() @ValidateNested() @Type(() => CspReportToDto) report_to?: CspReportToDto | null;
  @Present() @IsObject() @IsMapOf('a string', (v) => typeof v === 'string') reporting_endpoints?: Record<string, string>;
}

export class ContentSecurityPolicyDto {
  @Present() @IsBoolean() enabled?: boolean;
  @Present() @IsArray() @ValidateNested({ each: true }) @Type(() => CspPolicyDto) policies?: CspPolicyDto[];
  @OrNull() @IsObject() @ValidateNested() @Type(() => CspReportingInfrastructureDto) reporting_infrastructure?: CspReportingInfrastructureDto | null;
}

export class XssProtectionDto {
  @Present() @IsBoolean() enabled?: boolean;
  @Present() @IsIn(XSS_PROTECTION_MODES) mode?: string;
  @Present() @IsString() report_uri?: string;
}

export class SecurityHeadersDto {
  @OrNull() @IsObject() @ValidateNested() @Type(() => ContentSecurityPolicyDto) content_security_policy?: ContentSecurityPolicyDto | null;
  @OrNull() @IsObject() @ValidateNested() @Type(() => XssProtectionDto) x_xss_protection?: XssProtectionDto | null;
}

export class SessionCookieDto {
  @IsIn(SESSION_COOKIE_MODES) mode!: string;
}

export class SessionsDto {
  @Present() @IsBoolean() oidc_logout_prompt_enabled?: boolean;
}

export class OidcLogoutDto {
  @Present() @IsBoolean() rp_logout_end_session_endpoint_discovery?: boolean;
}

export class MtlsDto {
  @Present() @IsBoolean() enable_endpoint_aliases?: boolean;
}

export class CountryCodesDto {
  @Present() @IsArray() @IsString({ each: true }) @Matches(/^[A-Z]{2}$/, { each: true }) list?: string[];
  @Present() @IsIn(COUNTRY_CODE_MODES) mode?: string;
}

export class UniversalLoginColorsDto {
  @Present() @IsString() primary?: string;
  @Present() @IsString() page_background?: string;
}

/**
 * `universal_login`: not in Auth0's published schema, but in every recorded answer (the tenant's legacy
 * Universal Login colours), so an export from GET comes back in a PATCH (auth0-deploy-cli does not strip
 * it). Accepted with its recorded shape; see docs/decisions.md.
 */
export class UniversalLoginDto {
  @Present() @IsObject() @ValidateNested() @Type(() => UniversalLoginColorsDto) colors?: UniversalLoginColorsDto;
}

const nested = <T>(cls: () => new () => T): PropertyDecorator[] => [IsObject(), ValidateNested(), Type(cls)];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class UpdateTenantSettingsDto {
  @Nullable() @IsOptional() @apply(...nested(() => PageCustomizationDto)) change_password?: PageCustomizationDto | null;
  @Nullable() @IsOptional() @apply(...nested(() => DeviceFlowDto)) device_flow?: DeviceFlowDto | null;
  @Nullable() @IsOptional() @apply(...nested(() => PageCustomizationDto)) guardian_mfa_page?: PageCustomizationDto | null;
  @IsOptional() @IsString() default_audience?: string;
  @IsOptional() @IsString() default_directory?: string;
  @Nullable() @IsOptional() @apply(...nested(() => ErrorPageDto)) error_page?: ErrorPageDto | null;
  @Nullable() @IsOptional() @PropertyCount({ min: 1 }) @apply(...nested(() => DefaultTokenQuotaDto)) default_token_quota?: DefaultTokenQuotaDto | null;
  @IsOptional() @apply(...nested(() => TenantFlagsDto)) flags?: TenantFlagsDto;
  @IsOptional() @IsString() friendly_name?: string;
  @IsOptional() @IsString() @IsUrlFormat('absolute-uri-or-empty') picture_url?: string;
  @IsOptional() @IsString() @IsEmailOrEmpty() support_email?: string;
  @IsOptional() @IsString() @IsUrlFormat('absolute-uri-or-empty') support_url?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) @IsUrlFormat('url-with-placeholders', { each: true }) allowed_logout_urls?: string[];
  @IsOptional() @IsInt() @Min(1) session_lifetime?: number;
  @IsOptional() @IsInt() @Min(1) session_lifetime_in_minutes?: number;
  @IsOptional() @IsInt() @Min(1) idle_session_lifetime?: number;
  @IsOptional() @IsInt() @Min(1) idle_session_lifetime_in_minutes?: number;
  @IsOptional() @IsInt() @Min(1) ephemeral_session_lifetime?: number;
  @IsOptional() @IsInt() @Min(1) idle_ephemeral_session_lifetime?: number;
  @IsOptional() @IsInt() @Min(1) ephemeral_session_lifetime_in_minutes?: number;
  @IsOptional() @IsInt() @Min(1) idle_ephemeral_session_lifetime_in_minutes?: number;
  @IsOptional() @IsString() @MaxLength(8) sandbox_version?: string;
  @IsOptional() @IsString() @MaxLength(8) legacy_sandbox_version?: string;
  @IsOptional() @IsString() @IsUrlFormat('https-url-or-empty') default_redirection_uri?: string;
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(SUPPORTED_LOCALES, { each: true }) enabled_locales?: string[];
  @Nullable() @IsOptional() @apply(...nested(() => SecurityHeadersDto)) security_headers?: SecurityHeadersDto | null;
  @Nullable() @IsOptional() @apply(...nested(() => SessionCookieDto)) session_cookie?: SessionCookieDto | null;
  @Nullable() @IsOptional() @apply(...nested(() => SessionsDto)) sessions?: SessionsDto | null;
  @IsOptional() @apply(...nested(() => OidcLogoutDto)) oidc_logout?: OidcLogoutDto;
  @Nullable() @IsOptional() @IsBoolean() customize_mfa_in_postlogin_action?: boolean | null;
  @Nullable() @IsOptional() @IsBoolean() allow_organization_name_in_authentication_api?: boolean | null;
  @Nullable() @IsOptional() @IsArray() @IsString({ each: true }) @Matches(/^\S+$/, { each: true }) acr_values_supported?: string[] | null;
  @Nullable() @IsOptional() @apply(...nested(() => MtlsDto)) mtls?: MtlsDto | null;
  @Nullable() @IsOptional() @IsBoolean() pushed_authorization_requests_supported?: boolean | null;
  @Nullable() @IsOptional() @IsBoolean() authorization_response_iss_parameter_supported?: boolean | null;
  @Nullable() @IsOptional() @IsBoolean() skip_non_verifiable_callback_uri_confirmation_prompt?: boolean | null;
  @IsOptional() @IsIn(RESOURCE_PARAMETER_PROFILES) resource_parameter_profile?: ResourceParameterProfile;
  @IsOptional() @IsBoolean() client_id_metadata_document_supported?: boolean;
  @IsOptional() @IsBoolean() enable_ai_guide?: boolean;
  @IsOptional() @IsBoolean() phone_consolidated_experience?: boolean;
  @IsOptional() @IsBoolean() include_session_metadata_in_tenant_logs?: boolean;
  @IsOptional() @IsIn(SECURITY_MODES) dynamic_client_registration_security_mode?: SecurityMode;
  @Nullable() @IsOptional() @apply(...nested(() => CountryCodesDto)) country_codes?: CountryCodesDto | null;
  @IsOptional() @apply(...nested(() => UniversalLoginDto)) universal_login?: UniversalLoginDto;
}
