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

// ---------------------------------------------------------------------------------------------------
// The process log (pino): what a request line may say. Never a body, never a header, and a URL only
// with the values of secret-bearing query parameters masked (issue 12 §7, SPEC §10 "no secret in any log").

/** Query parameters whose values are secrets (RFC 6749, 6750, 7521, 7523, 7636, 8693, OIDC, Auth0's own). */
const SECRET_QUERY_PARAM =
  /secret|password|passwd|^(access_token|refresh_token|id_token|id_token_hint|logout_token|token|code|code_verifier|client_assertion|assertion|subject_token|actor_token|otp|ticket|session_token|api_key|apikey|key|jwt|binding_code|recovery_code|authorization)$|_token$|assertion$/i;
/** A value shaped like a JWS/JWE compact serialization is masked whatever its parameter is called. */
const COMPACT_JWT = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?$/;
export const REDACTED = '[redacted]';

function decodeQueryPart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * The URL with the value of every secret-bearing query parameter replaced by `[redacted]` (names and
 * order kept, other values as sent). Pure; unit-tested in request-logging.spec.ts.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      const name = decodeQueryPart(part.slice(0, eq));
      const value = decodeQueryPart(part.slice(eq + 1));
      return SECRET_QUERY_PARAM.test(name) || COMPACT_JWT.test(value) ? `${part.slice(0, eq)}=${REDACTED}` : part;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * pino serializers for the process log. They replace Fastify's (its `req` serializer would log the raw
 * URL): a request is its method, redacted URL, host and peer; an error never carries the raw packet
 * Node's HTTP parser attaches to client errors (it holds headers and the request line).
 */
export const processLogSerializers = {
  req(req: LoggedRequest) {
    return {
      method: req.method,
      url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
  err(err: unknown) {
    if (!(err instanceof Error)) return err;
    const e = err as Error & { code?: unknown; statusCode?: unknown };
    return { type: e.name, message: e.message, stack: e.stack, ...(e.code !== undefined ? { code: e.code } : {}) };
  },
};

/** pino `redact` paths: headers that carry credentials and bodies, wherever a log call puts them. */
export const PROCESS_LOG_REDACT = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["proxy-authorization"]',
    'req.body',
    'headers.authorization',
    'headers.cookie',
    'body',
    '*.client_secret',
    '*.password',
    '*.access_token',
    '*.refresh_token',
    '*.id_token',
    '*.code_verifier',
    '*.client_assertion',
  ],
  censor: REDACTED,
};
