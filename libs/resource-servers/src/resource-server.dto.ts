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
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

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

/** Properties of CreateResourceServerRequestContent / UpdateResourceServerRequestContent Gatehouse keeps. */
export class ResourceServerPropertiesDto {
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ScopeDto) scopes?: ScopeDto[];
  @IsOptional() @IsIn(['HS256', 'RS256', 'PS256']) signing_alg?: string;
  @IsOptional() @IsString() @MaxLength(500) signing_secret?: string;
  @IsOptional() @IsBoolean() allow_offline_access?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(2592000) token_lifetime?: number;
  @IsOptional() @IsInt() @Min(1) @Max(2592000) token_lifetime_for_web?: number;
  @IsOptional() @IsBoolean() skip_consent_for_verifiable_first_party_clients?: boolean;
  @IsOptional() @IsBoolean() enforce_policies?: boolean;
  @IsOptional() @IsIn(['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz']) token_dialect?: string;
  @IsOptional() @ValidateNested() @Type(() => SubjectTypeAuthorizationDto) subject_type_authorization?: SubjectTypeAuthorizationDto;
  @IsOptional() @IsString() @MaxLength(100) consent_policy?: string;
  @IsOptional() @IsArray() authorization_details?: unknown[];
  @IsOptional() @IsObject() proof_of_possession?: Record<string, unknown>;
  @IsOptional() @IsObject() token_encryption?: Record<string, unknown>;
}

export class CreateResourceServerDto extends ResourceServerPropertiesDto {
  @IsString() @IsNotEmpty() @MaxLength(600) identifier!: string;
}

export class UpdateResourceServerDto extends ResourceServerPropertiesDto {}
