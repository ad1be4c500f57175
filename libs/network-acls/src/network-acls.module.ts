import { Module } from '@nestjs/common';
import { NetworkAclsController } from './network-acls.controller';
import { NetworkAclsService } from './network-acls.service';

@Module({ controllers: [NetworkAclsController], providers: [NetworkAclsService], exports: [NetworkAclsService] })
export class NetworkAclsModule {}
