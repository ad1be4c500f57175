import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { components } from '@gatehouse/contract';
import { Public } from '@gatehouse/management-auth';
import { isReady } from '@gatehouse/persistence';

type HealthBody = components['schemas']['Health'];

@Controller()
@Public()
export class HealthController {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The process is up. */
  @Get('healthz')
  health(): HealthBody {
    return { status: 'ok' };
  }

  /** The database answers and every migration is applied. */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthBody> {
    const ready = await isReady(this.ds).catch(() => false);
    if (!ready) reply.code(503);
    return { status: ready ? 'ready' : 'unavailable' };
  }
}
