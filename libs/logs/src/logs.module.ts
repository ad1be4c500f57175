import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ClientsModule } from '@gatehouse/clients';
import { LogEventsReader } from './log-events.reader';
import { LogEventsRepository } from './log-events.repository';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';
import { LogWriter } from './log-writer';
import { ManagementAuditInterceptor } from './management-audit.interceptor';

@Module({
  imports: [ClientsModule],
  controllers: [LogsController],
  // Every Management API write commits with its `sapi` event (ManagementAuditInterceptor).
  providers: [LogEventsRepository, LogWriter, LogEventsReader, LogsService, { provide: APP_INTERCEPTOR, useClass: ManagementAuditInterceptor }],
  exports: [LogWriter, LogEventsReader],
})
export class LogsModule {}
