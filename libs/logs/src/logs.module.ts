import { Global, Module } from '@nestjs/common';
import { ClientsModule } from '@gatehouse/clients';
import { LogEventsReader } from './log-events.reader';
import { LogEventsRepository } from './log-events.repository';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';
import { LogWriter } from './log-writer';

// Global: the audit interceptor is made in the module of each Management controller (bindManagementAudit)
// and needs the LogWriter there.
@Global()
@Module({
  imports: [ClientsModule],
  controllers: [LogsController],
  // Every Management API write commits with its `sapi` event (ManagementAuditInterceptor, bound to the
  // write routes only by bindManagementAudit).
  providers: [LogEventsRepository, LogWriter, LogEventsReader, LogsService],
  exports: [LogWriter, LogEventsReader],
})
export class LogsModule {}
