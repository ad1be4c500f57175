import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import type { ClientBody, ClientListBody } from '@gatehouse/contract';
import { ProjectionQuery } from '@gatehouse/http';
import { ManagementPrincipal, Principal, Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { CreateClientDto, ListClientsQuery, UpdateClientDto } from './dto/client.dto';
import { ClientsService } from './clients.service';

/** /api/v2/clients — thin: one route, one service call. */
@Controller('api/v2/clients')
export class ClientsController {
  constructor(@Inject(ClientsService) private readonly clients: ClientsService) {}

  @Get()
  @Scopes('read:clients', 'read:client_keys')
  list(@CurrentTenant() tenant: Tenant, @Principal() principal: ManagementPrincipal, @Query() query: ListClientsQuery): Promise<ClientListBody> {
    return this.clients.list(tenant, principal, query);
  }

  @Post()
  @Scopes('create:clients')
  create(@CurrentTenant() tenant: Tenant, @Principal() principal: ManagementPrincipal, @Body() body: CreateClientDto): Promise<ClientBody> {
    return this.clients.create(tenant, principal, body);
  }

  @Get(':id')
  @Scopes('read:clients', 'read:client_keys')
  get(
    @CurrentTenant() tenant: Tenant,
    @Principal() principal: ManagementPrincipal,
    @Param('id') id: string,
    @Query() query: ProjectionQuery,
  ): Promise<Partial<ClientBody>> {
    return this.clients.get(tenant, principal, id, query);
  }

  @Patch(':id')
  @Scopes('update:clients', 'update:client_keys')
  update(
    @CurrentTenant() tenant: Tenant,
    @Principal() principal: ManagementPrincipal,
    @Param('id') id: string,
    @Body() body: UpdateClientDto,
  ): Promise<ClientBody> {
    return this.clients.update(tenant, principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Scopes('delete:clients')
  async remove(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.clients.remove(tenant, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Scopes('update:client_keys')
  rotate(@CurrentTenant() tenant: Tenant, @Principal() principal: ManagementPrincipal, @Param('id') id: string): Promise<ClientBody> {
    return this.clients.rotateSecret(tenant, principal, id);
  }
}
