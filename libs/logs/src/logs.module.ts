import { Module } from '@nestjs/common';
import { ClientsModule } from '@gatehouse/clients';
import { LogEventsRepository } from './log-events.repository';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';
import { LogWriter } from './log-writer';

@Module({ imports: [ClientsModule], controllers: [LogsController], providers: [LogEventsRepository, LogWriter, LogsService], exports: [LogWriter] })
export class LogsModule {}
