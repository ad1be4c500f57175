import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export const SUBJECT_TYPES = ['client', 'user'];
export const DEFAULT_FOR = ['third_party_clients'];
export const ORGANIZATION_USAGES = ['deny', 'allow', 'require'];

export class CreateClientGrantDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) client_id?: string;
  @IsString() @IsNotEmpty() @MaxLength(600) audience!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(280, { each: true }) scope?: string[];
  @IsOptional() @IsIn(SUBJECT_TYPES) subject_type?: string;
  @IsOptional() @IsIn(DEFAULT_FOR) default_for?: string;
  @IsOptional() @IsIn(ORGANIZATION_USAGES) organization_usage?: string;
  @IsOptional() @IsBoolean() allow_any_organization?: boolean;
  @IsOptional() @IsArray() @IsString({ each: true }) authorization_details_types?: string[];
}

/** Auth0 lets a PATCH change only these. */
export class UpdateClientGrantDto {
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(280, { each: true }) scope?: string[];
  @IsOptional() @IsIn(ORGANIZATION_USAGES) organization_usage?: string;
  @IsOptional() @IsBoolean() allow_any_organization?: boolean;
}
