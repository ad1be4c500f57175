import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantLogsSchema } from '../ddl';

export class TenantLogs1763900000002 implements MigrationInterface {
  name = 'TenantLogs1763900000002';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of tenantLogsSchema({ json: 'text' })) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE logs');
  }
}
