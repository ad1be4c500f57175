import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { LogEventBody, LogListBody } from '@gatehouse/contract';
import { Scopes } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { ListLogsQuery } from './logs.dto';
import { LogsService } from './logs.service';

@Controller('api/v2/logs')
export class LogsController {
  constructor(@Inject(LogsService) private readonly logs: LogsService) {}

  /** Checkpoint pages answer a bare array and a `Link: <…>; rel="next"` header, as Auth0 does. */
  @Get()
  @Scopes('read:logs')
  async list(@CurrentTenant() tenant: Tenant, @Query() query: ListLogsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<LogListBody> {
    const result = await this.logs.list(tenant, query);
    if (result.kind === 'search') return result.body;
    const next = new URLSearchParams({ ...(result.next.from ? { from: result.next.from } : {}), take: String(result.next.take) });
    reply.header('link', `<${tenant.issuer}api/v2/logs?${next.toString()}>; rel="next"`);
    return result.logs;
  }

  @Get(':id')
  @Scopes('read:logs')
  get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<LogEventBody> {
    return this.logs.get(tenant, id);
  }
}
