import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MaxProperties, Nullable, PaginationQuery, ProjectionQuery, QueryValue } from '@gatehouse/http';
import { CONNECTION_NAME_MAX, CONNECTION_NAME_PATTERN, CONNECTION_STRATEGIES } from './connection.model';

/**
 * Auth0's CreateConnectionRequestContent / UpdateConnectionRequestContent (auth0 SDK v7 types): `name`
 * and `strategy` are fixed once created; `options` and `enabled_clients` may be `null` in a PATCH.
 * Auth0's early-access cross-app-access properties are not accepted (docs/decisions.md).
 */

/** `authentication` and `connected_accounts`: one purpose, on or off. */
export class ConnectionPurposeDto {
  @IsBoolean() active!: boolean;
}

const METADATA_VALUE_MAX = 255;

export class CreateConnectionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(CONNECTION_NAME_MAX)
  @Matches(CONNECTION_NAME_PATTERN, { message: 'String does not match pattern ^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$' })
  name!: string;
  @IsOptional() @IsString() @MaxLength(128) display_name?: string;
  @IsString() @IsIn(CONNECTION_STRATEGIES) strategy!: string;
  @IsOptional() @IsObject() options?: Record<string, unknown>;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(64, { each: true }) enabled_clients?: string[];
  @IsOptional() @IsBoolean() is_domain_connection?: boolean;
  @IsOptional() @IsBoolean() show_as_button?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(255, { each: true }) realms?: string[];
  @IsOptional() @IsObject() @MaxProperties(10) metadata?: Record<string, string | null>;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ConnectionPurposeDto) authentication?: ConnectionPurposeDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ConnectionPurposeDto) connected_accounts?: ConnectionPurposeDto;
}

export class UpdateConnectionDto {
  @IsOptional() @IsString() @MaxLength(128) display_name?: string;
  @Nullable() @IsOptional() @IsObject() options?: Record<string, unknown> | null;
  @Nullable()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(64, { each: true })
  enabled_clients?: string[] | null;
  @IsOptional() @IsBoolean() is_domain_connection?: boolean;
  @IsOptional() @IsBoolean() show_as_button?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(255, { each: true }) realms?: string[];
  @IsOptional() @IsObject() @MaxProperties(10) metadata?: Record<string, string | null>;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ConnectionPurposeDto) authentication?: ConnectionPurposeDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ConnectionPurposeDto) connected_accounts?: ConnectionPurposeDto;
}

/** The metadata values Auth0 accepts: strings of at most 255 characters (or null). */
export function metadataProblem(metadata: Record<string, unknown> | undefined): string | undefined {
  for (const [k, v] of Object.entries(metadata ?? {})) {
    if (v !== null && typeof v !== 'string') return `'Expected type string but found type ${Array.isArray(v) ? 'array' : typeof v}' on property metadata.${k}`;
    if (typeof v === 'string' && v.length > METADATA_VALUE_MAX)
      return `'String is too long (${v.length} chars), maximum ${METADATA_VALUE_MAX}' on property metadata.${k}`;
  }
  return undefined;
}

/** GET /api/v2/connections: both paginations, projection, and the `strategy` and `name` filters. */
export class ListConnectionsQuery extends PaginationQuery {
  @Allow() strategy?: QueryValue;
  @Allow() name?: QueryValue;
  @Allow() fields?: QueryValue;
  @Allow() include_fields?: QueryValue;
}

/** GET /api/v2/connections/{id}: projection only. */
export class GetConnectionQuery extends ProjectionQuery {}

/** GET /api/v2/connections/{id}/clients: checkpoint pagination only, as Auth0's. */
export class ListEnabledClientsQuery {
  @Allow() from?: QueryValue;
  @Allow() take?: QueryValue;
}
