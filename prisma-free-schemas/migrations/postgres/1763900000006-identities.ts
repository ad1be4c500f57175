import { MigrationInterface, QueryRunner } from 'typeorm';
import { IDENTITY_TABLES, identitiesSchema } from '../identities-ddl';

export class Identities1763900000006 implements MigrationInterface {
  name = 'Identities1763900000006';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of identitiesSchema({ json: 'jsonb', bool: 'boolean', false: 'false' })) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of IDENTITY_TABLES) await q.query(`DROP TABLE ${table}`);
  }
}
