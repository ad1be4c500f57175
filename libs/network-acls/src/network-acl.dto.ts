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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ACL_SCOPES, AclScope } from '@gatehouse/policy';

const CIDR4 = /^(\d{1,3}\.){3}\d{1,3}(\/(3[0-2]|[12]?\d))?$/;
const CIDR6 = /^[0-9a-fA-F:]+(\/(12[0-8]|1[01]\d|\d{1,2}))?$/;

export class AclMatchDto {
  @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(CIDR4, { each: true }) ipv4_cidrs?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(CIDR6, { each: true }) ipv6_cidrs?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(/^[A-Za-z]{2}$/, { each: true }) geo_country_codes?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(255, { each: true }) user_agents?: string[];
}

export class AclActionDto {
  @IsOptional() @IsIn([true]) block?: true;
  @IsOptional() @IsIn([true]) allow?: true;
  @IsOptional() @IsIn([true]) log?: true;
}

export class AclRuleDto {
  @IsObject() @ValidateNested() @Type(() => AclActionDto) action!: AclActionDto;
  @IsOptional() @ValidateNested() @Type(() => AclMatchDto) match?: AclMatchDto;
  @IsOptional() @ValidateNested() @Type(() => AclMatchDto) not_match?: AclMatchDto;
  @IsIn(ACL_SCOPES) scope!: AclScope;
}

export class CreateNetworkAclDto {
  @IsString() @IsNotEmpty() @MaxLength(255) description!: string;
  @IsBoolean() active!: boolean;
  @IsInt() @Min(1) @Max(10) priority!: number;
  @ValidateNested() @Type(() => AclRuleDto) rule!: AclRuleDto;
}

export class UpdateNetworkAclDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) description?: string;
  @IsOptional() @IsBoolean() active?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(10) priority?: number;
  @IsOptional() @ValidateNested() @Type(() => AclRuleDto) rule?: AclRuleDto;
}
