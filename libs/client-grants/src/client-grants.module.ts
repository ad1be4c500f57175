import { ClientsModule } from '@gatehouse/clients';
import { ResourceServersModule } from '@gatehouse/resource-servers';
import { ClientGrantsReader } from './client-grants.reader';
import { Module } from '@nestjs/common';
import { ClientGrantsCascades } from './client-grants.cascades';
import { ClientGrantsController } from './client-grants.controller';
import { ClientGrantsRepository } from './client-grants.repository';
import { ClientGrantsService } from './client-grants.service';

@Module({
  imports: [ClientsModule, ResourceServersModule],
  controllers: [ClientGrantsController],
  providers: [ClientGrantsRepository, ClientGrantsService, ClientGrantsReader, ClientGrantsCascades],
  exports: [ClientGrantsService, ClientGrantsReader],
})
export class ClientGrantsModule {}
