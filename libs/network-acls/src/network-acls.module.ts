import { Module } from '@nestjs/common';
import { NetworkAclsController } from './network-acls.controller';
import { NetworkAclsRepository } from './network-acls.repository';
import { NetworkAclsService } from './network-acls.service';

@Module({ controllers: [NetworkAclsController], providers: [NetworkAclsRepository, NetworkAclsService], exports: [NetworkAclsService] })
export class NetworkAclsModule {}
