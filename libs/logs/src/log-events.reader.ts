import { Inject, Injectable } from '@nestjs/common';
import type { LogEvent } from './log-event.model';
import type { LogEventType } from './log-events';
import { LogEventsRepository } from './log-events.repository';
import { LogWriter } from './log-writer';

/** How other libs read the tenant log (the migration report): typed events, within one tenant. */
@Injectable()
export class LogEventsReader {
  constructor(
    @Inject(LogEventsRepository) private readonly events: LogEventsRepository,
    @Inject(LogWriter) private readonly writer: LogWriter,
  ) {}

  /** Every stored event of these types of these clients, oldest first; this instance's queued events are written first. */
  async ofClients(tenantId: string, clientIds: readonly string[], types: readonly LogEventType[]): Promise<LogEvent[]> {
    if (clientIds.length === 0 || types.length === 0) return [];
    await this.writer.flush();
    return this.events.ofClients(tenantId, clientIds, types);
  }
}
