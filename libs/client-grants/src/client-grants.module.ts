import { Module } from '@nestjs/common';
import { ClientGrantsController } from './client-grants.controller';
import { ClientGrantsService } from './client-grants.service';

@Module({ controllers: [ClientGrantsController], providers: [ClientGrantsService], exports: [ClientGrantsService] })
export class ClientGrantsModule {}
