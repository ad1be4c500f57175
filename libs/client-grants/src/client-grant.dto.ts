import { Allow, ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Nullable, PaginationQuery, QueryValue } from '@gatehouse/http';
import { DEFAULT_FOR, DefaultFor, ORGANIZATION_USAGES, OrganizationUsage, SUBJECT_TYPES } from './client-grant.model';
import type { SubjectType } from '@gatehouse/policy';

export { DEFAULT_FOR, ORGANIZATION_USAGES, SUBJECT_TYPES };

/**
 * Auth0's CreateClientGrantRequestContent / UpdateClientGrantRequestContent (reference OAS and the auth0
 * SDK v7 types). `@Nullable()` marks what Auth0's PATCH schema lets be `null` (it clears the property);
 * any other `null` is a 400 naming the property.
 */

export class CreateClientGrantDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) client_id?: string;
  @IsString() @IsNotEmpty() @MaxLength(600) audience!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(280, { each: true }) scope?: string[];
  @IsOptional() @IsIn(SUBJECT_TYPES) subject_type?: SubjectType;
  @IsOptional() @IsIn(DEFAULT_FOR) default_for?: DefaultFor;
  @IsOptional() @IsIn(ORGANIZATION_USAGES) organization_usage?: OrganizationUsage;
  @IsOptional() @IsBoolean() allow_any_organization?: boolean;
  @IsOptional() @IsArray() @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(255, { each: true }) authorization_details_types?: string[];
  @IsOptional() @IsBoolean() allow_all_scopes?: boolean;
}

/** Auth0 lets a PATCH change only these. */
export class UpdateClientGrantDto {
  @Nullable() @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(280, { each: true }) scope?:
    string[] | null;
  @Nullable() @IsOptional() @IsIn(ORGANIZATION_USAGES) organization_usage?: OrganizationUsage | null;
  @Nullable() @IsOptional() @IsBoolean() allow_any_organization?: boolean | null;
  @IsOptional() @IsArray() @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(255, { each: true }) authorization_details_types?: string[];
  @Nullable() @IsOptional() @IsBoolean() allow_all_scopes?: boolean | null;
}

/** GET /api/v2/client-grants: pagination and the filters (checked by the service, in Auth0's words). */
export class ListClientGrantsQuery extends PaginationQuery {
  @Allow() audience?: QueryValue;
  @Allow() client_id?: QueryValue;
  @Allow() subject_type?: QueryValue;
  @Allow() default_for?: QueryValue;
  @Allow() allow_any_organization?: QueryValue;
}
