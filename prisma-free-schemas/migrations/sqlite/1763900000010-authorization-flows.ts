import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUTHORIZATION_FLOW_TABLES, authorizationFlowsSchema } from '../authorization-ddl';

export class AuthorizationFlows1763900000010 implements MigrationInterface {
  name = 'AuthorizationFlows1763900000010';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of authorizationFlowsSchema({ json: 'text' })) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of AUTHORIZATION_FLOW_TABLES) await q.query(`DROP TABLE ${table}`);
  }
}
