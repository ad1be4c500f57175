import { MigrationInterface, QueryRunner } from 'typeorm';
import { INITIAL_TABLES, initialSchema } from '../ddl';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of initialSchema({ json: 'jsonb', bool: 'boolean', false: 'false' })) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of INITIAL_TABLES) await q.query(`DROP TABLE ${t}`);
  }
}
