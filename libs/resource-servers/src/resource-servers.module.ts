import { ResourceServersReader } from './resource-server.model';
import { Module } from '@nestjs/common';
import { ResourceServersController } from './resource-servers.controller';
import { ResourceServersService } from './resource-servers.service';

@Module({ controllers: [ResourceServersController], providers: [ResourceServersService, ResourceServersReader], exports: [ResourceServersService, ResourceServersReader] })
export class ResourceServersModule {}
