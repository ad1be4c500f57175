import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Nullable } from '@gatehouse/http';

/**
 * Auth0's CreateClientGrantRequestContent / UpdateClientGrantRequestContent (reference OAS and the auth0
 * SDK v7 types). `@Nullable()` marks what Auth0's PATCH schema lets be `null` (it clears the property);
 * any other `null` is a 400 naming the property.
 */

export const SUBJECT_TYPES = ['client', 'user'];
export const DEFAULT_FOR = ['third_party_clients'];
export const ORGANIZATION_USAGES = ['deny', 'allow', 'require'];

export class CreateClientGrantDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) client_id?: string;
  @IsString() @IsNotEmpty() @MaxLength(600) audience!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(280, { each: true }) scope?: string[];
  @IsOptional() @IsIn(SUBJECT_TYPES) subject_type?: string;
  @IsOptional() @IsIn(DEFAULT_FOR) default_for?: string;
  @IsOptional() @IsIn(ORGANIZATION_USAGES) organization_usage?: string;
  @IsOptional() @IsBoolean() allow_any_organization?: boolean;
  @IsOptional() @IsArray() @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(255, { each: true }) authorization_details_types?: string[];
  @IsOptional() @IsBoolean() allow_all_scopes?: boolean;
}

/** Auth0 lets a PATCH change only these. */
export class UpdateClientGrantDto {
  @Nullable() @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(280, { each: true }) scope?: string[] | null;
  @Nullable() @IsOptional() @IsIn(ORGANIZATION_USAGES) organization_usage?: string | null;
  @Nullable() @IsOptional() @IsBoolean() allow_any_organization?: boolean | null;
  @IsOptional() @IsArray() @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(255, { each: true }) authorization_details_types?: string[];
  @Nullable() @IsOptional() @IsBoolean() allow_all_scopes?: boolean | null;
}
