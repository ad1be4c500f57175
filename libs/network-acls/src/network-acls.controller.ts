import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put } from '@nestjs/common';
import type { NetworkAclBody } from '@gatehouse/contract';
import { Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { CreateNetworkAclDto, UpdateNetworkAclDto } from './network-acl.dto';
import { NetworkAclsService } from './network-acls.service';

@Controller('api/v2/network-acls')
export class NetworkAclsController {
  constructor(@Inject(NetworkAclsService) private readonly acls: NetworkAclsService) {}

  @Get()
  @Scopes('read:network_acls')
  list(@CurrentTenant() tenant: Tenant): Promise<NetworkAclBody[]> {
    return this.acls.list(tenant);
  }

  @Post()
  @Scopes('create:network_acls')
  create(@CurrentTenant() tenant: Tenant, @Body() body: CreateNetworkAclDto): Promise<NetworkAclBody> {
    return this.acls.create(tenant, body);
  }

  @Get(':id')
  @Scopes('read:network_acls')
  get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<NetworkAclBody> {
    return this.acls.get(tenant, id);
  }

  @Put(':id')
  @Scopes('update:network_acls')
  replace(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: CreateNetworkAclDto): Promise<NetworkAclBody> {
    return this.acls.update(tenant, id, body);
  }

  @Patch(':id')
  @Scopes('update:network_acls')
  update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: UpdateNetworkAclDto): Promise<NetworkAclBody> {
    return this.acls.update(tenant, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Scopes('delete:network_acls')
  async remove(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.acls.remove(tenant, id);
  }
}
