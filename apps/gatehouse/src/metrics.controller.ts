import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import { sameSecret } from '@gatehouse/control-plane';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { Public } from '@gatehouse/management-auth';
import { GatehouseMetrics, METRICS } from './metrics';

const BEARER = /^Bearer +(\S+)$/i;

/**
 * GET /metrics (issue 15 §2), process-wide like /healthz: no tenant, no Management API token. Off
 * (GATEHOUSE_METRICS=off, the default) it is 404 like an unknown path; with GATEHOUSE_METRICS_TOKEN it
 * needs that bearer token, compared in constant time.
 */
@Controller()
@Public()
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: GatehouseMetrics | null,
    @Inject(GATEHOUSE_CONFIG) private readonly config: Pick<GatehouseConfig, 'metrics'>,
  ) {}

  @Get('metrics')
  @Header('cache-control', 'no-store')
  async scrape(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.metrics) throw new Auth0Error(ErrorCode.NotFound, 'Not Found');
    const token = this.config.metrics.token;
    if (token) {
      const header = req.headers.authorization;
      if (header === undefined) throw new Auth0Error(ErrorCode.MissingAuthentication, 'Missing authentication');
      const m = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
      if (!m) throw new Auth0Error(ErrorCode.InvalidToken, 'Bad HTTP authentication header format');
      if (!sameSecret(m[1]!, token)) throw new Auth0Error(ErrorCode.InvalidToken, 'Invalid metrics token');
    }
    reply.header('content-type', this.metrics.contentType);
    return this.metrics.render();
  }
}
