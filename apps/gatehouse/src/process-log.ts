import type { LoggerService } from '@nestjs/common';
import { requestContext } from '@fastify/request-context';
import { FastifyBaseLogger, FastifyReply, FastifyRequest, LogController } from 'fastify';
import pino from 'pino';
import pinoPretty from 'pino-pretty';
import { PROCESS_LOG_REDACT, processLogSerializers, redactUrl } from '@gatehouse/logs';

/**
 * The process log (issue 15 §6): one pino logger per application for Fastify's request lines, our own
 * lines and Nest's (bootstrap, errors), so stdout is one stream. `json`: one JSON object per line.
 * `pretty`: pino-pretty, one readable line per request. The serializers and redaction paths apply
 * before either format is written: the same fields are masked in both.
 */
export type LogFormat = 'json' | 'pretty';

declare module '@fastify/request-context' {
  interface RequestContextData {
    /** The request's own logger (a child carrying `reqId`), for Nest's lines written while it is handled. */
    log: FastifyBaseLogger;
  }
}

/** LOG_FORMAT as configured; unset: pretty for a person at a terminal, JSON for anything reading a pipe or file. */
export function logFormatOf(configured: LogFormat | undefined, stdoutIsTty: boolean, customStream: boolean): LogFormat {
  if (configured) return configured;
  return stdoutIsTty && !customStream ? 'pretty' : 'json';
}

export function createProcessLogger(level: string, format: LogFormat, stream?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = { level, serializers: processLogSerializers, redact: PROCESS_LOG_REDACT };
  if (format === 'json') return pino(options, stream ?? pino.destination({ dest: 1, sync: false }));
  const pretty = pinoPretty({
    destination: stream ?? 1,
    // Written as it comes: a person watches it, and nothing is lost when the process exits.
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // The request line says method, URL, status and time itself; the rest of a line's fields stay, on the same line.
    ignore: 'pid,hostname,reqId,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
  });
  return pino(options, pretty);
}

/** Which of Nest's `log` lines are its start-up chatter (one per module and per route): debug, not info. */
const NEST_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logger (NestFactory's `logger` option, so every `new Logger(ctx)` and Nest's own lines) written
 * through pino: the context as a field, an error's stack as `err`. A line written while a request is
 * handled goes through that request's logger and so carries its `reqId` (@fastify/request-context keeps
 * it across the request's async work).
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: pino.Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    const context = contextOf(optional);
    this.write(context && NEST_CHATTER.has(context) ? 'debug' : 'info', message, optional, context);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional, contextOf(optional));
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional, contextOf(optional));
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional, contextOf(optional));
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional, contextOf(optional));
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional, contextOf(optional));
  }

  private write(level: Level, message: unknown, optional: unknown[], context: string | undefined): void {
    const target: pino.BaseLogger = (requestContext.get('log') as pino.BaseLogger | undefined) ?? this.root;
    const fields: Record<string, unknown> = context ? { context } : {};
    // Nest's error(message, stack, context): the stack is the string before the context.
    const rest = context ? optional.slice(0, -1) : optional;
    const stack = level === 'error' || level === 'fatal' ? rest.find((p): p is string => typeof p === 'string' && /\n\s+at /.test(p)) : undefined;
    if (message instanceof Error) {
      target[level]({ ...fields, err: message }, message.message);
    } else if (message && typeof message === 'object') {
      target[level]({ ...fields, ...(message as object) });
    } else {
      target[level](stack ? { ...fields, err: { stack } } : fields, String(message));
    }
  }
}

/** Nest passes the logger's context as the last argument when there is one. */
function contextOf(optional: unknown[]): string | undefined {
  const last = optional[optional.length - 1];
  return typeof last === 'string' && !/\s/.test(last) ? last : undefined;
}

/**
 * pretty: one line per request, as it ends (`GET /api/v2/clients 200 3.1ms`), with the URL's secret query
 * values masked, instead of Fastify's two ("incoming request", "request completed"). Fastify's own hook
 * for its request lines (its `logController` option).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {
    /* said once, when the request ends */
  }

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const line = `${req.method} ${redactUrl(req.url)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`;
    if (error) reply.log.error({ err: error }, line);
    else reply.log.info(line);
  }
}
