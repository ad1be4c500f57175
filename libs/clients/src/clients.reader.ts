import { Inject, Injectable } from '@nestjs/common';
import { Client, clientFromRow } from './client.model';
import { ClientsRepository } from './clients.repository';

/**
 * How other libs read clients (the token endpoint, the access decision): typed `Client`s, always within
 * one tenant. The clients table is read nowhere else for them.
 */
@Injectable()
export class ClientsReader {
  constructor(@Inject(ClientsRepository) private readonly clients: ClientsRepository) {}

  async find(tenantId: string, clientId: string): Promise<Client | undefined> {
    const row = await this.clients.find(tenantId, clientId);
    return row ? clientFromRow(row) : undefined;
  }
}
