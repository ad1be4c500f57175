import { MigrationInterface, QueryRunner } from 'typeorm';

export class ThirdPartyModel1763900000001 implements MigrationInterface {
  name = 'ThirdPartyModel1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE network_acls (id varchar(32) PRIMARY KEY, tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, priority integer NOT NULL, active boolean NOT NULL, description varchar(255) NOT NULL, rule jsonb NOT NULL, created_at varchar(32) NOT NULL)',
    );
    await q.query('CREATE INDEX ix_network_acls_tenant ON network_acls (tenant_id, priority)');
    await q.query('ALTER TABLE signing_keys ADD COLUMN certificate jsonb');
    await q.query('ALTER TABLE accounts ADD COLUMN permissive_eligible boolean NOT NULL DEFAULT false');
    await q.query('CREATE INDEX ix_clients_third_party ON clients (tenant_id, is_first_party, created_at)');
    // Fixed-window counters shared by every instance (the DCR limit, SPEC §7).
    await q.query(
      'CREATE TABLE rate_limit_buckets (bucket varchar(200) NOT NULL, window_start bigint NOT NULL, hits integer NOT NULL, PRIMARY KEY (bucket, window_start))',
    );
    await q.query('ALTER TABLE client_grants ADD COLUMN allow_any_organization boolean NOT NULL DEFAULT false');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE client_grants DROP COLUMN allow_any_organization');
    await q.query('DROP TABLE rate_limit_buckets');
    await q.query('DROP INDEX ix_clients_third_party');
    await q.query('ALTER TABLE accounts DROP COLUMN permissive_eligible');
    await q.query('ALTER TABLE signing_keys DROP COLUMN certificate');
    await q.query('DROP TABLE network_acls');
  }
}
