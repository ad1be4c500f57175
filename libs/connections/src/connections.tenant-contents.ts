import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, SeededTenant, TenantContents, TenantContentsPart } from '@gatehouse/tenancy';
import { Connection, DEFAULT_DATABASE_CONNECTION, DEFAULT_DATABASE_CONNECTION_OPTIONS } from './connection.model';
import { ConnectionsRepository } from './connections.repository';
import { newConnectionId } from './connections.service';

/**
 * The connections' part of a tenant's contents: every new tenant (the default one on first start
 * included) gets Auth0's `Username-Password-Authentication` database connection. Later starts leave
 * connections alone: one an admin deleted stays deleted, as in Auth0.
 */
@Injectable()
export class ConnectionsTenantContents implements TenantContentsPart, OnModuleInit {
  constructor(
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TenantContents) private readonly contents: TenantContents,
  ) {}

  onModuleInit(): void {
    this.contents.register(this);
  }

  async seed(em: EntityManager, tenant: SeededTenant): Promise<void> {
    if (!tenant.created) return;
    if (await this.connections.findByName(tenant.id, DEFAULT_DATABASE_CONNECTION, em)) return;
    const connection: Connection = {
      id: newConnectionId(),
      tenantId: tenant.id,
      name: DEFAULT_DATABASE_CONNECTION,
      strategy: 'auth0',
      isDomainConnection: false,
      createdAt: this.clock.now().toISOString(),
      properties: { options: structuredClone({ ...DEFAULT_DATABASE_CONNECTION_OPTIONS }) },
    };
    await this.connections.insert(connection, [], em);
  }
}
