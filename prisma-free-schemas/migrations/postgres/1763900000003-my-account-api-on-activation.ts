import { MigrationInterface, QueryRunner } from 'typeorm';

/** The activated My Account API's access policies (libs/policy, systemApis), as of this migration. */
const POLICIES = JSON.stringify({ user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } });

/**
 * "Auth0 My Account API" exists only once activated (SPEC §5), but every tenant used to be created
 * with it. Remove the seeded copy where nothing refers to it; one that a client grant references is
 * kept as if activated, with the activated API's access policies.
 */
export class MyAccountApiOnActivation1763900000003 implements MigrationInterface {
  name = 'MyAccountApiOnActivation1763900000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM resource_servers WHERE is_system = true AND name = 'Auth0 My Account API'
         AND NOT EXISTS (SELECT 1 FROM client_grants g WHERE g.tenant_id = resource_servers.tenant_id AND g.audience = resource_servers.identifier)`,
    );
    await q.query(
      `UPDATE resource_servers SET body = jsonb_set(body, '{subject_type_authorization}', $1::jsonb)
         WHERE is_system = true AND name = 'Auth0 My Account API'`,
      [POLICIES],
    );
  }

  async down(): Promise<void> {
    // Nothing to undo: a tenant without the My Account API is valid under either schema version.
  }
}
