import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import type { ResourceServerBody, ResourceServerListBody } from '@gatehouse/contract';
import { ProjectionQuery } from '@gatehouse/http';
import { Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { CreateResourceServerDto, ListResourceServersQuery, UpdateResourceServerDto } from './resource-server.dto';
import { ResourceServersService } from './resource-servers.service';

/** /api/v2/resource-servers — thin: one route, one service call. */
@Controller('api/v2/resource-servers')
export class ResourceServersController {
  constructor(@Inject(ResourceServersService) private readonly apis: ResourceServersService) {}

  @Get()
  @Scopes('read:resource_servers')
  list(@CurrentTenant() tenant: Tenant, @Query() query: ListResourceServersQuery): Promise<ResourceServerListBody> {
    return this.apis.list(tenant, query);
  }

  @Post()
  @Scopes('create:resource_servers')
  create(@CurrentTenant() tenant: Tenant, @Body() body: CreateResourceServerDto): Promise<ResourceServerBody> {
    return this.apis.create(tenant, body);
  }

  @Get(':id')
  @Scopes('read:resource_servers')
  get(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Query() query: ProjectionQuery): Promise<Partial<ResourceServerBody>> {
    return this.apis.get(tenant, id, query);
  }

  @Patch(':id')
  @Scopes('update:resource_servers')
  update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: UpdateResourceServerDto): Promise<ResourceServerBody> {
    return this.apis.update(tenant, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Scopes('delete:resource_servers')
  async remove(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.apis.remove(tenant, id);
  }
}
