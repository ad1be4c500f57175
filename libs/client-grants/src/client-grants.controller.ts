import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import type { ClientGrantBody, ClientGrantListBody } from '@gatehouse/contract';
import { Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { CreateClientGrantDto, ListClientGrantsQuery, UpdateClientGrantDto } from './client-grant.dto';
import { ClientGrantsService } from './client-grants.service';

@Controller('api/v2/client-grants')
export class ClientGrantsController {
  constructor(@Inject(ClientGrantsService) private readonly grants: ClientGrantsService) {}

  @Get()
  @Scopes('read:client_grants')
  list(@CurrentTenant() tenant: Tenant, @Query() query: ListClientGrantsQuery): Promise<ClientGrantListBody> {
    return this.grants.list(tenant, query);
  }

  @Post()
  @Scopes('create:client_grants')
  create(@CurrentTenant() tenant: Tenant, @Body() body: CreateClientGrantDto): Promise<ClientGrantBody> {
    return this.grants.create(tenant, body);
  }

  @Get(':id')
  @Scopes('read:client_grants')
  get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<ClientGrantBody> {
    return this.grants.get(tenant, id);
  }

  @Patch(':id')
  @Scopes('update:client_grants')
  update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: UpdateClientGrantDto): Promise<ClientGrantBody> {
    return this.grants.update(tenant, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Scopes('delete:client_grants')
  async remove(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.grants.remove(tenant, id);
  }
}
