import { Module } from '@nestjs/common';
import { ClientsModule } from '@gatehouse/clients';
import { ConnectionsController } from './connections.controller';
import { ConnectionsReader } from './connections.reader';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { ConnectionsTenantContents } from './connections.tenant-contents';

@Module({
  imports: [ClientsModule],
  controllers: [ConnectionsController],
  providers: [ConnectionsRepository, ConnectionsService, ConnectionsReader, ConnectionsTenantContents],
  exports: [ConnectionsReader],
})
export class ConnectionsModule {}
