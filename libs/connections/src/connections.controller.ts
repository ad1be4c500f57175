import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ManagementPrincipal, Principal, Scopes } from '@gatehouse/management-auth';
import { CreateConnectionDto, GetConnectionQuery, ListConnectionsQuery, ListEnabledClientsQuery, UpdateConnectionDto } from './connection.dto';
import type { ConnectionBody } from './connection.mapper';
import { ConnectionList, ConnectionsService, EnabledClientsPage } from './connections.service';

@Controller('api/v2/connections')
export class ConnectionsController {
  constructor(@Inject(ConnectionsService) private readonly connections: ConnectionsService) {}

  @Get()
  @Scopes('read:connections')
  list(@Principal() caller: ManagementPrincipal, @Query() query: ListConnectionsQuery): Promise<ConnectionList> {
    return this.connections.list(caller.tenantId, query);
  }

  @Post()
  @Scopes('create:connections')
  create(@Principal() caller: ManagementPrincipal, @Body() body: CreateConnectionDto): Promise<ConnectionBody> {
    return this.connections.create(caller.tenantId, body);
  }

  @Get(':id')
  @Scopes('read:connections')
  get(@Principal() caller: ManagementPrincipal, @Param('id') id: string, @Query() query: GetConnectionQuery): Promise<Partial<ConnectionBody>> {
    return this.connections.get(caller.tenantId, id, query);
  }

  @Patch(':id')
  @Scopes('update:connections')
  update(@Principal() caller: ManagementPrincipal, @Param('id') id: string, @Body() body: UpdateConnectionDto): Promise<ConnectionBody> {
    return this.connections.update(caller.tenantId, id, body);
  }

  /** Auth0 answers 202: the deletion (of the connection and its users) is accepted. */
  @Delete(':id')
  @HttpCode(202)
  @Scopes('delete:connections')
  async remove(@Principal() caller: ManagementPrincipal, @Param('id') id: string): Promise<void> {
    await this.connections.remove(caller.tenantId, id);
  }

  @Get(':id/clients')
  @Scopes('read:connections')
  enabledClients(@Principal() caller: ManagementPrincipal, @Param('id') id: string, @Query() query: ListEnabledClientsQuery): Promise<EnabledClientsPage> {
    return this.connections.enabledClients(caller.tenantId, id, query);
  }

  /** The body is a JSON array, checked by the service in Auth0's words. */
  @Patch(':id/clients')
  @HttpCode(204)
  @Scopes('update:connections')
  async changeEnabledClients(@Principal() caller: ManagementPrincipal, @Param('id') id: string, @Body() body: unknown): Promise<void> {
    await this.connections.changeEnabledClients(caller.tenantId, id, body);
  }
}
