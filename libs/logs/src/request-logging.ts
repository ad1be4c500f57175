import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeOperation, LogEventInput, RequestFacts } from './log-events';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request is already accounted for in the tenant log (e.g. an ACL summary). */
    tenantLogged?: boolean;
  }
}

/** ip, user agent and host of a request, as every tenant log event carries them. */
export function requestFacts(req: FastifyRequest): RequestFacts {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, user_agent: typeof ua === 'string' ? ua : undefined, hostname: req.headers.host?.replace(/:\d+$/, '') };
}

const MANAGEMENT_PATH = /^\/api\/v2(\/|$|\?)/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function errorMessage(payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined;
  try {
    const body = JSON.parse(payload) as { message?: unknown; error_description?: unknown };
    const m = body.message ?? body.error_description;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tenant log event of a Management API response (called as it is sent): `sapi` for a successful
 * write, `fapi` for any failure, `api_limit` for a rate-limited call. Successful reads are not
 * logged, as in Auth0. Request bodies are stored redacted; response bodies only for failures.
 */
export function managementLogEvent(req: FastifyRequest, reply: FastifyReply, payload: unknown): LogEventInput | undefined {
  if (!MANAGEMENT_PATH.test(req.url) || req.tenantLogged) return undefined;
  const status = reply.statusCode;
  const failed = status >= 400;
  if (!failed && !WRITES.has(req.method)) return undefined;
  const route = req.routeOptions?.url;
  const path = req.url.split('?')[0]!;
  const description =
    status === 429
      ? (errorMessage(payload) ?? 'Too many requests')
      : failed
        ? (errorMessage(payload) ?? `Failed: ${describeOperation(req.method, route)}`)
        : describeOperation(req.method, route);
  const body = req.body && typeof req.body === 'object' ? req.body : undefined;
  return {
    type: status === 429 ? 'api_limit' : failed ? 'fapi' : 'sapi',
    description,
    client_id: req.user?.clientId,
    ...requestFacts(req),
    details: {
      request: {
        method: req.method,
        path,
        ...(Object.keys((req.query as object) ?? {}).length ? { query: req.query } : {}),
        ...(body ? { body } : {}),
        channel: 'api',
        ...(req.user ? { auth: { strategy: 'jwt', credentials: { scopes: [...req.user.scopes] } } } : {}),
      },
      response: { statusCode: status, ...(failed && typeof payload === 'string' ? { body: safeJson(payload) } : {}) },
    },
  };
}

function safeJson(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}
