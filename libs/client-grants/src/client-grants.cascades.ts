import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLIENT_DELETED } from '@gatehouse/clients';
import { Cascades, newId } from '@gatehouse/persistence';
import { MANAGEMENT_API_SCOPES, managementAudience } from '@gatehouse/policy';
import { RESOURCE_SERVER_DELETED, RESOURCE_SERVER_IDENTIFIER_MOVED } from '@gatehouse/resource-servers';
import { ClientGrantSchema } from '@gatehouse/schemas';
import { Clock, SeededTenant, TenantContents, TenantContentsPart } from '@gatehouse/tenancy';
import { clientGrantToRow } from './client-grant.model';

/**
 * How client grants follow what they hang off, inside the transaction of the lib that changes it
 * (docs/decisions.md, "Tenant contents and cascades"): a deleted client or API takes its grants with it,
 * a moved API identifier takes the grants' audience with it, and a tenant's bootstrap admin application
 * holds a grant with every Management API scope (made with the tenant, restored on each start).
 */
@Injectable()
export class ClientGrantsCascades implements TenantContentsPart, OnModuleInit {
  constructor(
    @Inject(Cascades) private readonly cascades: Cascades,
    @Inject(TenantContents) private readonly contents: TenantContents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.cascades.on(CLIENT_DELETED, async (em, { tenantId, clientId }) => {
      await grants(em).delete({ tenant_id: tenantId, client_id: clientId });
    });
    this.cascades.on(RESOURCE_SERVER_DELETED, async (em, { tenantId, identifier }) => {
      await grants(em).delete({ tenant_id: tenantId, audience: identifier });
    });
    this.cascades.on(RESOURCE_SERVER_IDENTIFIER_MOVED, async (em, { tenantId, from, to }) => {
      await grants(em).update({ tenant_id: tenantId, audience: from }, { audience: to });
    });
    this.contents.register(this);
  }

  /** The bootstrap admin's grant: made with the tenant, and kept at every emulated Management API scope. */
  async seed(em: EntityManager, tenant: SeededTenant): Promise<void> {
    if (!tenant.admin) return;
    const { clientId } = tenant.admin;
    const audience = managementAudience(tenant.domain);
    if (!tenant.created) {
      await grants(em).update({ tenant_id: tenant.id, client_id: clientId, audience, subject_type: 'client' }, { scope: [...MANAGEMENT_API_SCOPES] });
      return;
    }
    await grants(em).insert(
      clientGrantToRow({
        id: newId.clientGrant(),
        tenantId: tenant.id,
        owner: { kind: 'client', clientId },
        audience,
        subjectType: 'client',
        scopes: [...MANAGEMENT_API_SCOPES],
        createdAt: this.clock.now().toISOString(),
        properties: {},
      }),
    );
  }
}

/**
 * The grants table in the caller's transaction. ClientGrantsRepository's methods run outside one; these
 * writes belong there once it takes an EntityManager (its file is another change's).
 */
function grants(em: EntityManager) {
  return em.getRepository(ClientGrantSchema);
}
