import { ResourceServersReader } from './resource-server.model';
import { Module } from '@nestjs/common';
import { ClientsModule } from '@gatehouse/clients';
import { ResourceServersController } from './resource-servers.controller';
import { ResourceServersService } from './resource-servers.service';

@Module({ imports: [ClientsModule], controllers: [ResourceServersController], providers: [ResourceServersService, ResourceServersReader], exports: [ResourceServersService, ResourceServersReader] })
export class ResourceServersModule {}
