import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { CreateClientDto, UpdateClientDto } from './dto/client.dto';
import { ClientsService } from './clients.service';

/** /api/v2/clients — thin: one route, one service call. */
@Controller('api/v2/clients')
export class ClientsController {
  constructor(@Inject(ClientsService) private readonly clients: ClientsService) {}

  @Get()
  @Scopes('read:clients', 'read:client_keys')
  list(@CurrentTenant() tenant: Tenant, @Req() req: FastifyRequest, @Query() query: Record<string, unknown>) {
    return this.clients.list(tenant, req.user!, query);
  }

  @Post()
  @Scopes('create:clients')
  create(@CurrentTenant() tenant: Tenant, @Req() req: FastifyRequest, @Body() body: CreateClientDto) {
    return this.clients.create(tenant, req.user!, body);
  }

  @Get(':id')
  @Scopes('read:clients', 'read:client_keys')
  get(@CurrentTenant() tenant: Tenant, @Req() req: FastifyRequest, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.clients.get(tenant, req.user!, id, query);
  }

  @Patch(':id')
  @Scopes('update:clients', 'update:client_keys')
  update(@CurrentTenant() tenant: Tenant, @Req() req: FastifyRequest, @Param('id') id: string, @Body() body: UpdateClientDto) {
    return this.clients.update(tenant, req.user!, id, body);
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
  rotate(@CurrentTenant() tenant: Tenant, @Req() req: FastifyRequest, @Param('id') id: string) {
    return this.clients.rotateSecret(tenant, req.user!, id);
  }
}
