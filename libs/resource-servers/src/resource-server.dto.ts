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
import { Nullable, PaginationQuery, QueryValue } from '@gatehouse/http';

/**
 * Auth0's CreateResourceServerRequestContent / UpdateResourceServerRequestContent (reference OAS and the
 * auth0 SDK v7 types): every property is accepted and validated as Auth0's schema says, even those
 * Gatehouse only stores. `@Nullable()` marks what Auth0's schema lets be `null` (a PATCH clears it, a
 * POST treats it as not set); any other `null` is a 400 naming the property.
 */

export const SIGNING_ALGS = ['HS256', 'RS256', 'RS512', 'PS256'];
export const TOKEN_DIALECTS = ['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz'];
export const CONSENT_POLICIES = ['transactional-authorization-with-mfa'];
export const TOKEN_ENCRYPTION_FORMATS = ['compact-nested-jwe'];
export const TOKEN_ENCRYPTION_ALGS = ['RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'];
export const POP_MECHANISMS = ['mtls', 'dpop'];
export const POP_REQUIRED_FOR = ['public_clients', 'all_clients'];
/** Auth0's limit for token lifetimes (30 days). */
export const MAX_TOKEN_LIFETIME = 2592000;

export class ScopeDto {
  @IsString() @IsNotEmpty() @MaxLength(280) value!: string;
  @IsOptional() @IsString() @MaxLength(500) description?: string;
}

class UserPolicyDto {
  @IsIn(['allow_all', 'require_client_grant', 'deny_all']) policy!: string;
}
class ClientPolicyDto {
  @IsIn(['require_client_grant', 'deny_all']) policy!: string;
}
export class SubjectTypeAuthorizationDto {
  @IsOptional() @ValidateNested() @Type(() => UserPolicyDto) user?: UserPolicyDto;
  @IsOptional() @ValidateNested() @Type(() => ClientPolicyDto) client?: ClientPolicyDto;
}

/** ResourceServerTokenEncryptionKey: `pem` is write-only (never echoed). */
export class TokenEncryptionKeyDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) name?: string;
  @IsIn(TOKEN_ENCRYPTION_ALGS) alg!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) kid?: string;
  @IsString() @MinLength(1) @MaxLength(4096) pem!: string;
}

export class TokenEncryptionDto {
  @IsIn(TOKEN_ENCRYPTION_FORMATS) format!: string;
  @IsObject() @ValidateNested() @Type(() => TokenEncryptionKeyDto) encryption_key!: TokenEncryptionKeyDto;
}

export class ProofOfPossessionDto {
  @IsIn(POP_MECHANISMS) mechanism!: string;
  @IsBoolean() required!: boolean;
  @IsOptional() @IsIn(POP_REQUIRED_FOR) required_for?: string;
}

export class AuthorizationPolicyDto {
  @IsString() @MinLength(1) @MaxLength(1024) policy_id!: string;
}

/** Properties of CreateResourceServerRequestContent / UpdateResourceServerRequestContent. */
export class ResourceServerPropertiesDto {
  @IsOptional() @IsString() @MaxLength(200) @Matches(/^[^<>]+$/, { message: 'name must not be empty or contain < or >' }) name?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ScopeDto) scopes?: ScopeDto[];
  @IsOptional() @IsIn(SIGNING_ALGS) signing_alg?: string;
  @IsOptional() @IsString() @MinLength(16) signing_secret?: string;
  @IsOptional() @IsBoolean() allow_offline_access?: boolean;
  @IsOptional() @IsBoolean() allow_online_access?: boolean;
  @IsOptional() @IsBoolean() allow_online_access_with_ephemeral_sessions?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TOKEN_LIFETIME) token_lifetime?: number;
  /** Not in Auth0's request schema, but in every API it returns and accepted by Auth0 (see docs/decisions.md). */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TOKEN_LIFETIME) token_lifetime_for_web?: number;
  @Nullable() @IsOptional() @IsInt() @Min(1) @Max(MAX_TOKEN_LIFETIME) token_lifetime_for_anonymous_access_tokens?: number | null;
  @IsOptional() @IsBoolean() skip_consent_for_verifiable_first_party_clients?: boolean;
  @IsOptional() @IsBoolean() enforce_policies?: boolean;
  @IsOptional() @IsIn(TOKEN_DIALECTS) token_dialect?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SubjectTypeAuthorizationDto) subject_type_authorization?: SubjectTypeAuthorizationDto;
  @Nullable() @IsOptional() @IsIn(CONSENT_POLICIES) consent_policy?: string | null;
  @Nullable() @IsOptional() @IsArray() authorization_details?: unknown[] | null;
  @Nullable() @IsOptional() @IsObject() @ValidateNested() @Type(() => ProofOfPossessionDto) proof_of_possession?: ProofOfPossessionDto | null;
  @Nullable() @IsOptional() @IsObject() @ValidateNested() @Type(() => TokenEncryptionDto) token_encryption?: TokenEncryptionDto | null;
  @Nullable() @IsOptional() @IsObject() @ValidateNested() @Type(() => AuthorizationPolicyDto) authorization_policy?: AuthorizationPolicyDto | null;
}

export class CreateResourceServerDto extends ResourceServerPropertiesDto {
  @IsString() @IsNotEmpty() @MaxLength(600) identifier!: string;
}

export class UpdateResourceServerDto extends ResourceServerPropertiesDto {}

/** GET /api/v2/resource-servers: both paginations, projection, and the `identifiers` filter (repeated or comma-separated). */
export class ListResourceServersQuery extends PaginationQuery {
  @Allow() identifiers?: QueryValue;
  @Allow() fields?: QueryValue;
  @Allow() include_fields?: QueryValue;
}
