import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IsIn, IsOptional } from 'class-validator';
import type { components } from '@gatehouse/contract';
import { Scopes } from '@gatehouse/management-auth';
import { migrationReportText } from '@gatehouse/policy';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { MigrationReportService } from './migration-report.service';

export class MigrationReportQuery {
  @IsOptional() @IsIn(['json', 'text']) format?: 'json' | 'text';
}

/** `?format=text`, or an Accept that names text/plain before (or without) application/json. */
function wantsText(query: MigrationReportQuery, accept: string | undefined): boolean {
  if (query.format) return query.format === 'text';
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  const text = types.indexOf('text/plain');
  const json = types.findIndex((t) => t === 'application/json' || t === '*/*');
  return text !== -1 && (json === -1 || text < json);
}

/** GET /ext/v1/migration-report — what the flip to strict would break, per permissive third-party application (SPEC §9). */
@Controller('ext/v1/migration-report')
export class MigrationReportController {
  constructor(@Inject(MigrationReportService) private readonly reports: MigrationReportService) {}

  @Get()
  @Scopes('read:clients')
  async report(
    @CurrentTenant() tenant: Tenant,
    @Query() query: MigrationReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<components['schemas']['MigrationReport'] | string> {
    const report = await this.reports.report(tenant);
    if (!wantsText(query, accept)) return report;
    reply.header('content-type', 'text/plain; charset=utf-8');
    return migrationReportText(report);
  }
}
