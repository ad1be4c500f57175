import { Module } from '@nestjs/common';
import { ResourceServersController } from './resource-servers.controller';
import { ResourceServersService } from './resource-servers.service';

@Module({ controllers: [ResourceServersController], providers: [ResourceServersService], exports: [ResourceServersService] })
export class ResourceServersModule {}
