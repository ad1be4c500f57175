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
}
