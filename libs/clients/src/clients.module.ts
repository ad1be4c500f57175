import { Module } from '@nestjs/common';
import { ClientsController } from './clients.controller';
import { ClientsReader } from './clients.reader';
import { ClientsRepository } from './clients.repository';
import { ClientsService } from './clients.service';
import { ClientsTenantContents } from './clients.tenant-contents';
import { LintController } from './lint.controller';

@Module({
  controllers: [ClientsController, LintController],
  providers: [ClientsRepository, ClientsService, ClientsReader, ClientsTenantContents],
  exports: [ClientsService, ClientsReader],
})
export class ClientsModule {}
