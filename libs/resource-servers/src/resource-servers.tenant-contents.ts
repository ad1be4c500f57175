import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '@gatehouse/persistence';
import { systemApiBody, systemApis } from '@gatehouse/policy';
import { Clock, DomainMove, SeededTenant, TenantContents, TenantContentsPart } from '@gatehouse/tenancy';
import { ResourceServersRepository } from './resource-servers.repository';

/** The resource servers' part of a tenant's contents: its system APIs, as libs/policy defines them. */
@Injectable()
export class ResourceServersTenantContents implements TenantContentsPart, OnModuleInit {
  constructor(
    @Inject(ResourceServersRepository) private readonly apis: ResourceServersRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TenantContents) private readonly contents: TenantContents,
  ) {}

  onModuleInit(): void {
    this.contents.register(this);
  }

  /**
   * The ones every tenant has are created when missing, and every one present (an activated My Account
   * API included) gets its fixed facts back, keeping what an admin may change.
   */
  async seed(em: EntityManager, tenant: SeededTenant): Promise<void> {
    for (const api of systemApis(tenant.domain)) {
      const existing = await this.apis.findByIdentifier(tenant.id, api.identifier, em);
      if (existing) await this.apis.update(tenant.id, existing.id, { name: api.name, is_system: true, body: systemApiBody(api, existing.body) }, em);
      else if (api.presence === 'always')
        await this.apis.insert(
          {
            id: newId.resourceServer(),
            tenant_id: tenant.id,
            identifier: api.identifier,
            name: api.name,
            is_system: true,
            body: systemApiBody(api),
            created_at: this.clock.now().toISOString(),
          },
          em,
        );
    }
  }

  /** The system APIs' identifiers follow the domain (and the grants on them, RESOURCE_SERVER_IDENTIFIER_MOVED). */
  async moveDomain(em: EntityManager, { tenantId, from, to }: DomainMove): Promise<void> {
    const moves = systemApis(from).map((api, i) => [api.identifier, systemApis(to)[i]!.identifier] as const);
    for (const [, moved] of moves) {
      if (await this.apis.findByIdentifier(tenantId, moved, em)) {
        throw new Error(`the default tenant cannot move from ${from} to ${to}: it already has an API with the identifier ${moved}`);
      }
    }
    for (const [old, moved] of moves) await this.apis.moveIdentifier(tenantId, old, moved, em);
  }
}
