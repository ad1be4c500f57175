import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLIENT_DELETED } from '@gatehouse/clients';
import { Cascades, newId } from '@gatehouse/persistence';
import { MANAGEMENT_API_SCOPES, managementAudience } from '@gatehouse/policy';
import { RESOURCE_SERVER_DELETED, RESOURCE_SERVER_IDENTIFIER_MOVED } from '@gatehouse/resource-servers';
import { Clock, SeededTenant, TenantContents, TenantContentsPart } from '@gatehouse/tenancy';
import { ClientGrantsRepository } from './client-grants.repository';

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
    @Inject(ClientGrantsRepository) private readonly grants: ClientGrantsRepository,
  ) {}

  onModuleInit(): void {
    this.cascades.on(CLIENT_DELETED, (em, { tenantId, clientId }) => this.grants.deleteOfClient(tenantId, clientId, em));
    this.cascades.on(RESOURCE_SERVER_DELETED, (em, { tenantId, identifier }) => this.grants.deleteForAudience(tenantId, identifier, em));
    this.cascades.on(RESOURCE_SERVER_IDENTIFIER_MOVED, (em, { tenantId, from, to }) => this.grants.moveAudience(tenantId, from, to, em));
    this.contents.register(this);
  }

  /** The bootstrap admin's grant: made with the tenant, and kept at every emulated Management API scope. */
  async seed(em: EntityManager, tenant: SeededTenant): Promise<void> {
    if (!tenant.admin) return;
    const { clientId } = tenant.admin;
    const audience = managementAudience(tenant.domain);
    if (!tenant.created) {
      await this.grants.setScopesOfClient(tenant.id, clientId, audience, 'client', MANAGEMENT_API_SCOPES, em);
      return;
    }
    await this.grants.insert(
      {
        id: newId.clientGrant(),
        tenantId: tenant.id,
        owner: { kind: 'client', clientId },
        audience,
        subjectType: 'client',
        scopes: [...MANAGEMENT_API_SCOPES],
        createdAt: this.clock.now().toISOString(),
        properties: {},
      },
      em,
    );
  }
}
