import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Connection } from './connection.model';
import { ConnectionsRepository } from './connections.repository';

/** How other libs (users, the login page) read connections: typed `Connection`s, always within one tenant. */
@Injectable()
export class ConnectionsReader {
  constructor(@Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository) {}

  find(tenantId: string, id: string): Promise<Connection | undefined> {
    return this.connections.find(tenantId, id);
  }

  findByName(tenantId: string, name: string, em?: EntityManager): Promise<Connection | undefined> {
    return this.connections.findByName(tenantId, name, em);
  }

  /** Every connection of the tenant, each with whether it is enabled for the client (the login page's list). */
  forClient(tenantId: string, clientId: string): Promise<(Connection & { enabledForClient: boolean })[]> {
    return this.connections.forClient(tenantId, clientId);
  }

  /** The client ids a connection is enabled for. */
  enabledClients(tenantId: string, connectionId: string): Promise<string[]> {
    return this.connections.enabledClients(tenantId, connectionId);
  }
}
