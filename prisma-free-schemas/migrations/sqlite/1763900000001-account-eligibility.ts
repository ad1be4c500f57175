import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountEligibility1763900000001 implements MigrationInterface {
  name = 'AccountEligibility1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE accounts ADD COLUMN permissive_eligible boolean NOT NULL DEFAULT 0');
    await q.query('CREATE INDEX ix_clients_third_party ON clients (tenant_id, is_first_party, created_at)');
    await q.query('ALTER TABLE client_grants ADD COLUMN allow_any_organization boolean NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE client_grants DROP COLUMN allow_any_organization');
    await q.query('DROP INDEX ix_clients_third_party');
    await q.query('ALTER TABLE accounts DROP COLUMN permissive_eligible');
  }
}
