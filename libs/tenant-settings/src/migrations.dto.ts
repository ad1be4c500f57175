import { IsBoolean } from 'class-validator';

/** PATCH /ext/v1/migrations (SPEC §7, §9). */
export class UpdateMigrationsDto {
  @IsBoolean() create_permissive_third_party_clients_by_default!: boolean;
}
