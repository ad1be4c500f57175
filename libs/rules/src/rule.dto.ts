import { Allow, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ProjectionQuery, QueryValue } from '@gatehouse/http';
import { RULE_NAME_PATTERN } from './rule.model';

/** Auth0's CreateRuleRequestContent / UpdateRuleRequestContent (auth0 SDK v7 types). */

const NAME_MESSAGE = `String does not match pattern ${RULE_NAME_PATTERN.source}`;

export class CreateRuleDto {
  @IsString() @IsNotEmpty() @MaxLength(255) @Matches(RULE_NAME_PATTERN, { message: NAME_MESSAGE }) name!: string;
  @IsString() @IsNotEmpty() @MaxLength(100_000) script!: string;
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) order?: number;
  @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateRuleDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100_000) script?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) @Matches(RULE_NAME_PATTERN, { message: NAME_MESSAGE }) name?: string;
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) order?: number;
  @IsOptional() @IsBoolean() enabled?: boolean;
}

/** GET /api/v2/rules: Auth0's offset pagination, the `enabled` filter and projection. */
export class ListRulesQuery extends ProjectionQuery {
  @Allow() page?: QueryValue;
  @Allow() per_page?: QueryValue;
  @Allow() include_totals?: QueryValue;
  @Allow() enabled?: QueryValue;
}

export class GetRuleQuery extends ProjectionQuery {}
