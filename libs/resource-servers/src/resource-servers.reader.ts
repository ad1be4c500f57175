import { Inject, Injectable } from '@nestjs/common';
import { ResourceServer, resourceServerFromRow } from './resource-server.model';
import { ResourceServersRepository } from './resource-servers.repository';

/** How other libs read APIs (the token endpoint, the access decision, grants): typed, within one tenant. */
@Injectable()
export class ResourceServersReader {
  constructor(@Inject(ResourceServersRepository) private readonly apis: ResourceServersRepository) {}

  async findByIdentifier(tenantId: string, identifier: string): Promise<ResourceServer | undefined> {
    const row = await this.apis.findByIdentifier(tenantId, identifier);
    return row ? resourceServerFromRow(row) : undefined;
  }

  /** Every API of a tenant, system APIs included, oldest first, read by keyset pages (the migration report). */
  async all(tenantId: string): Promise<ResourceServer[]> {
    const out: ResourceServer[] = [];
    const take = 100;
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const { rows } = await this.apis.list(tenantId, [], { kind: 'checkpoint', take, ...(after ? { after } : {}) });
      const page = rows.slice(0, take);
      out.push(...page.map(resourceServerFromRow));
      if (rows.length <= take) return out;
      const last = page[page.length - 1]!;
      after = { createdAt: last.created_at, id: last.id };
    }
  }
}
