import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts keep the facts their permissive-mode eligibility rests on (SPEC §2): the recorded history
 * ("had third-party applications before April 2026", since the date it claims) and the first pre-April
 * third-party client of one of its tenants (when and which), kept when that client or tenant is deleted.
 * The control plane lists accounts and tenants by index. Accounts already eligible get the client they became eligible by, when it still exists.
 */
export class AccountHistory1763900000014 implements MigrationInterface {
  name = 'AccountHistory1763900000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE accounts ADD COLUMN history_since varchar(32)');
    await q.query('ALTER TABLE accounts ADD COLUMN eligible_since varchar(32)');
    await q.query('ALTER TABLE accounts ADD COLUMN eligible_client_id varchar(64)');
    // The control plane's lists, oldest first.
    await q.query('CREATE INDEX ix_accounts_order ON accounts (created_at, id)');
    await q.query('CREATE INDEX ix_tenants_order ON tenants (created_at, id)');
    const first = `FROM clients c JOIN tenants t ON t.id = c.tenant_id
      WHERE t.account_id = accounts.id AND c.is_first_party = 0 AND c.created_at < '2026-04-01T00:00:00.000Z'
      ORDER BY c.created_at, c.client_id LIMIT 1`;
    await q.query(
      `UPDATE accounts SET eligible_since = (SELECT c.created_at ${first}), eligible_client_id = (SELECT c.client_id ${first}) WHERE permissive_eligible = 1`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_tenants_order');
    await q.query('DROP INDEX ix_accounts_order');
    await q.query('ALTER TABLE accounts DROP COLUMN eligible_client_id');
    await q.query('ALTER TABLE accounts DROP COLUMN eligible_since');
    await q.query('ALTER TABLE accounts DROP COLUMN history_since');
  }
}
