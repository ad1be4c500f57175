import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth0Error, ErrorCode, OAuthError } from './errors';
import { RouteTable } from './route-table';
import { UnavailabilityClassifier, unavailableFor } from './unavailable';

/**
 * Translate anything thrown into Auth0's error body. The only place where errors become HTTP.
 * Framework errors (Nest's HttpException, Fastify's body parser errors) are mapped by status to a
 * code; anything else is a 500 with a correlation id that is also logged.
 */
export function toAuth0Error(err: unknown, requestId: string, log: (id: string, err: unknown) => void): Auth0Error | OAuthError {
  if (err instanceof Auth0Error || err instanceof OAuthError) return err;
  const status = err instanceof HttpException ? err.getStatus() : statusFromFramework(err);
  switch (status) {
    case 400:
      return new Auth0Error(ErrorCode.InvalidBody, frameworkMessage(err) ?? 'Invalid request');
    case 401:
      return new Auth0Error(ErrorCode.MissingAuthentication, 'Missing authentication');
    case 403:
      return new Auth0Error(ErrorCode.InsufficientScope, 'Insufficient scope');
    case 404:
      return new Auth0Error(ErrorCode.NotFound, 'Not Found');
    case 405:
      return new Auth0Error(ErrorCode.MethodNotAllowed, 'Method Not Allowed');
    case 413:
      return new Auth0Error(ErrorCode.PayloadTooLarge, 'Payload content length greater than maximum allowed: 1048576');
    case 415:
      return new Auth0Error(ErrorCode.UnsupportedMediaType, 'Unsupported Media Type');
    default:
      log(requestId, err);
      return new Auth0Error(ErrorCode.Internal, `Internal error. Correlation id: ${requestId}`);
  }
}

function statusFromFramework(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : undefined;
}

/** Fastify's body parser errors; only their well-known, safe messages are passed on. */
function frameworkMessage(err: unknown): string | undefined {
  const code = (err as { code?: string })?.code;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) return 'Invalid request payload JSON format';
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Invalid request payload JSON format';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Unsupported Media Type';
  return undefined;
}

export function sendError(reply: FastifyReply, error: Auth0Error | OAuthError): void {
  for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
  if (error instanceof OAuthError) reply.header('cache-control', 'no-store');
  reply.code(error.statusCode).header('content-type', 'application/json; charset=utf-8').send(error.toBody());
}

@Catch()
export class Auth0ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Gatehouse');

  constructor(
    private readonly routes?: RouteTable,
    /** Recognises a database that cannot be reached: 503 with Retry-After instead of 500. */
    private readonly unavailable?: UnavailabilityClassifier,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    if (exception instanceof NotFoundException && this.routes) {
      // Nest's router found no route: 405 when the path exists with other methods.
      const allowed = this.routes.allowedMethods(req.url);
      if (allowed.length > 0) {
        exception = new Auth0Error(ErrorCode.MethodNotAllowed, `Method ${req.method} is not allowed on ${req.url.split('?')[0]}`, {
          allow: allowed.join(', '),
        });
      }
    }
    const error =
      unavailableFor(exception, req, this.unavailable) ?? toAuth0Error(exception, String(req.id), (id, err) => logUnexpected(req, id, err, this.logger));
    sendError(reply, error);
  }
}

export function logUnexpected(req: FastifyRequest | undefined, correlationId: string, err: unknown, fallback?: Logger): void {
  const payload = { correlation_id: correlationId, err: err instanceof Error ? { type: err.name, message: err.message, stack: err.stack } : String(err) };
  if (req?.log) req.log.error(payload, 'unexpected error');
  else fallback?.error(JSON.stringify(payload));
}
