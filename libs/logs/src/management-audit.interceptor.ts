import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { inAmbientTransaction } from '@gatehouse/persistence';
import { LogWriter } from './log-writer';
import { managementLogEvent } from './request-logging';

const MANAGEMENT_PATH = /^\/api\/v2(\/|$|\?)/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True for a Management API write (POST, PUT, PATCH, DELETE under /api/v2) of a resolved tenant. */
export function isManagementWrite(req: FastifyRequest): boolean {
  return req.tenant !== undefined && WRITES.has(req.method) && MANAGEMENT_PATH.test(req.url);
}

/**
 * A Management API write and its `sapi` tenant log event commit in ONE transaction (SPEC §10, issue
 * 12 §1): the route's handler runs inside an ambient transaction (inAmbientTransaction: every
 * repository call it makes joins it), and when the handler returns, its event is inserted by the same
 * transaction before it commits. So when the response is sent, both are on disk; when the handler
 * throws, both are rolled back and the failure is logged as `fapi` as the response leaves (the
 * onSend hook, through the writer's durable batch). Guards run before this: an unauthenticated call
 * never opens a transaction.
 */
@Injectable()
export class ManagementAuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(LogWriter) private readonly writer: LogWriter,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isManagementWrite(req) || req.tenantLogged) return next.handle();
    const tenantId = req.tenant!.id;
    // The status the response will carry: the route's @HttpCode, else Nest's default for the method.
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return defer(async () => {
      const result = await inAmbientTransaction(this.ds, async (em) => {
        const out = await lastValueFrom(next.handle(), { defaultValue: undefined });
        const event = managementLogEvent(req, { statusCode: status } as FastifyReply, undefined);
        if (event) await this.writer.writeWithin(em, tenantId, event);
        return out;
      });
      // Committed with the write: the onSend hook must not log this response a second time.
      req.tenantLogged = true;
      return result;
    });
  }
}
