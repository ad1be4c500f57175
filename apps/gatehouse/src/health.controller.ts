import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { components } from '@gatehouse/contract';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '@gatehouse/http';
import { Public } from '@gatehouse/management-auth';
import { readiness } from '@gatehouse/persistence';
import { Clock } from '@gatehouse/tenancy';

type HealthBody = components['schemas']['Health'];

@Controller()
@Public()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The process is up. */
  @Get('healthz')
  health(): HealthBody {
    return { status: 'ok' };
  }

  /**
   * The database answers and every migration is applied; otherwise 503 saying why (the database is
   * unreachable, with the driver's error code; migrations pending), never a connection string. Both say
   * the clock's current instant (`now`), the one every time-dependent rule reads.
   */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthBody> {
    const r = await readiness(this.ds);
    const now = this.clock.now().toISOString();
    if (r.ready) return { status: 'ready', now };
    reply.code(503).header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
    return { status: 'unavailable', reason: r.reason, ...('code' in r && r.code ? { code: r.code } : {}), now };
  }
}
