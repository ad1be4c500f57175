import { Module } from '@nestjs/common';
import { ClientsModule } from '@gatehouse/clients';
import { ResourceServersController } from './resource-servers.controller';
import { ResourceServersReader } from './resource-servers.reader';
import { ResourceServersRepository } from './resource-servers.repository';
import { ResourceServersService } from './resource-servers.service';
import { ResourceServersTenantContents } from './resource-servers.tenant-contents';

@Module({
  imports: [ClientsModule],
  controllers: [ResourceServersController],
  providers: [ResourceServersRepository, ResourceServersService, ResourceServersReader, ResourceServersTenantContents],
  exports: [ResourceServersService, ResourceServersReader],
})
export class ResourceServersModule {}
