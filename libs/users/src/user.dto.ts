import { Allow, IsBoolean, IsEmail, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { Nullable, PaginationQuery, ProjectionQuery, QueryValue } from '@gatehouse/http';

/**
 * Auth0's CreateUserRequestContent / UpdateUserRequestContent (auth0 SDK v7 types), with Auth0's
 * limits. `@Nullable()` marks what Auth0's PATCH lets be `null` (it removes the property).
 */

const E164 = /^\+[1-9]\d{1,14}$/;

export class CreateUserDto {
  @IsString() @IsNotEmpty() @MaxLength(128) connection!: string;
  @IsOptional() @IsEmail() @MaxLength(300) email?: string;
  @IsOptional() @IsString() @Matches(E164, { message: 'String does not match the E.164 format' }) phone_number?: string;
  @IsOptional() @IsObject() user_metadata?: Record<string, unknown>;
  @IsOptional() @IsBoolean() blocked?: boolean;
  @IsOptional() @IsBoolean() email_verified?: boolean;
  @IsOptional() @IsBoolean() phone_verified?: boolean;
  @IsOptional() @IsObject() app_metadata?: Record<string, unknown>;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(150) given_name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(150) family_name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) nickname?: string;
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) picture?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) @Matches(/^[^|]*$/, { message: "String must not contain '|'" }) user_id?: string;
  @IsOptional() @IsString() @MinLength(1) password?: string;
  @IsOptional() @IsBoolean() verify_email?: boolean;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) username?: string;
}

export class UpdateUserDto {
  @IsOptional() @IsBoolean() blocked?: boolean;
  @IsOptional() @IsBoolean() email_verified?: boolean;
  @IsOptional() @IsEmail() @MaxLength(300) email?: string;
  @Nullable() @IsOptional() @IsString() @Matches(E164, { message: 'String does not match the E.164 format' }) phone_number?: string | null;
  @IsOptional() @IsBoolean() phone_verified?: boolean;
  @IsOptional() @IsObject() user_metadata?: Record<string, unknown>;
  @IsOptional() @IsObject() app_metadata?: Record<string, unknown>;
  @Nullable() @IsOptional() @IsString() @MinLength(1) @MaxLength(150) given_name?: string | null;
  @Nullable() @IsOptional() @IsString() @MinLength(1) @MaxLength(150) family_name?: string | null;
  @Nullable() @IsOptional() @IsString() @MinLength(1) @MaxLength(300) name?: string | null;
  @Nullable() @IsOptional() @IsString() @MinLength(1) @MaxLength(300) nickname?: string | null;
  @Nullable() @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) picture?: string | null;
  @IsOptional() @IsBoolean() verify_email?: boolean;
  @IsOptional() @IsBoolean() verify_phone_number?: boolean;
  @IsOptional() @IsString() @MinLength(1) password?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(128) connection?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) client_id?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) username?: string;
}

/** GET /api/v2/users: offset pagination, projection, and the v1 `connection` filter (`q` is not emulated). */
export class ListUsersQuery extends PaginationQuery {
  @Allow() connection?: QueryValue;
  @Allow() search_engine?: QueryValue;
  @Allow() fields?: QueryValue;
  @Allow() include_fields?: QueryValue;
}

export class GetUserQuery extends ProjectionQuery {}
