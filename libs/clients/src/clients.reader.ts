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

  /** Every third-party client of a tenant, oldest first, read by keyset pages (the migration report). */
  async thirdParty(tenantId: string): Promise<Client[]> {
    const out: Client[] = [];
    const take = 100;
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const { rows } = await this.clients.list(tenantId, { is_first_party: false }, { kind: 'checkpoint', take, ...(after ? { after } : {}) });
      const page = rows.slice(0, take);
      out.push(...page.map(clientFromRow));
      if (rows.length <= take) return out;
      const last = page[page.length - 1]!;
      after = { createdAt: last.created_at, id: last.client_id };
    }
  }

  /** The names of some of a tenant's clients, by client id (ids it does not have are left out). */
  names(tenantId: string, clientIds: Iterable<string>): Promise<Map<string, string>> {
    return this.clients.names(tenantId, [...new Set(clientIds)]);
  }

  /**
   * API identifier → the `resource_server` application linked to it (Auth0 reports it as the API's
   * `client_id`), from the applications' `resource_server_identifier`; the first one wins.
   */
  async resourceServerApplications(tenantId: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const row of await this.clients.findByAppType(tenantId, 'resource_server')) {
      const identifier = row.body.resource_server_identifier;
      if (typeof identifier === 'string' && !out.has(identifier)) out.set(identifier, row.client_id);
    }
    return out;
  }
}
