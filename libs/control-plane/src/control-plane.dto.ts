import { Type } from 'class-transformer';
import type { QueryValue } from '@gatehouse/http';
import { Allow, IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

/** An ISO-8601 date (`2026-02-01`) or instant (`2026-02-01T09:30:00Z`). */
const ISO_DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** An ISO-8601 instant with its offset. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** A tenant's domain: host[:port], lower-case letters, digits, dots and dashes. */
export const TENANT_DOMAIN = /^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;

/** The account's recorded history (SPEC §2): "it had third-party applications before April 2026", since the date it claims. */
export class AccountHistoryDto {
  @IsBoolean() third_party_applications_before_april_2026!: boolean;
  @IsOptional() @IsString() @Matches(ISO_DATE_OR_INSTANT, { message: 'must be an ISO-8601 date or instant' }) since?: string;
}

/** POST /ext/v1/accounts */
export class CreateAccountDto {
  @IsString() @IsNotEmpty() @MaxLength(255) name!: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AccountHistoryDto) history?: AccountHistoryDto;
}

/** POST /ext/v1/tenants */
export class CreateTenantDto {
  @IsString() @IsNotEmpty() @MaxLength(64) account_id!: string;
  @IsString() @MaxLength(261) @Matches(TENANT_DOMAIN, { message: 'must be a lower-case host name with an optional :port' }) domain!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) friendly_name?: string;
}

/** PUT /ext/v1/clock */
export class SetClockDto {
  @IsString() @Matches(ISO_INSTANT, { message: 'must be an ISO-8601 instant such as 2026-10-23T00:00:00Z' }) now!: string;
}

/** GET /ext/v1/accounts: Auth0's offset pages. */
export class ListAccountsQuery {
  @Allow() page?: QueryValue;
  @Allow() per_page?: QueryValue;
  @Allow() include_totals?: QueryValue;
}

/** GET /ext/v1/tenants: Auth0's offset pages, optionally one account's tenants. */
export class ListTenantsQuery extends ListAccountsQuery {
  @IsOptional() @IsString() @MaxLength(64) account_id?: string;
}
