import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { ACCEPTED_GRANT_TYPES } from '@gatehouse/authentication';
import { ErrorCode } from '@gatehouse/http';
import { sqliteQueueOf } from '@gatehouse/persistence';

/**
 * GET /metrics (issue 15 §2): Prometheus figures of this process. Every label value comes from a closed
 * set: the method, the route TEMPLATE Fastify matched (never the raw URL), the status, a grant type the
 * token endpoint knows, an error code Gatehouse itself emits. No tenant, domain, client id, IP or token
 * can reach a label, and so none can reach the body. One registry per application (createApp), never
 * prom-client's global one: tests build several applications in one process.
 */

/** The route label of a request no route matched (404s of unknown paths): one value, whatever the URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route template Fastify matched (`/api/v2/clients/:id`), or UNMATCHED_ROUTE. Never the URL. */
export function routeLabel(template: string | undefined): string {
  return typeof template === 'string' && template.startsWith('/') ? template : UNMATCHED_ROUTE;
}

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** The grant_type of a token request: one the endpoint accepts, `unsupported` for any other string, `none` when absent. */
export function grantTypeLabel(body: unknown): string {
  const grant = body && typeof body === 'object' ? (body as { grant_type?: unknown }).grant_type : undefined;
  if (typeof grant !== 'string') return 'none';
  return ACCEPTED_GRANT_TYPES.includes(grant) ? grant : 'unsupported';
}

/** Error codes Gatehouse emits: OAuth's (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 6750) and Auth0's errorCode values. */
const OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'invalid_redirect_uri',
  'invalid_client_metadata',
  'too_many_requests',
  'invalid_token',
]);
const AUTH0_ERRORS = new Set<string>(Object.values(ErrorCode));

/**
 * The outcome of a token or registration answer: `success` when the status is the success status,
 * otherwise the error code of the body when it is one Gatehouse emits, else `error`.
 */
export function outcomeLabel(status: number, successStatus: number, payload: unknown, success: string): string {
  if (status === successStatus) return success;
  if (typeof payload === 'string' && payload.length < 4096) {
    try {
      const body = JSON.parse(payload) as { error?: unknown; errorCode?: unknown };
      if (typeof body.error === 'string' && OAUTH_ERRORS.has(body.error)) return body.error;
      if (typeof body.errorCode === 'string' && AUTH0_ERRORS.has(body.errorCode)) return body.errorCode;
    } catch {
      /* not JSON: fall through */
    }
  }
  return 'error';
}

/**
 * Which limiter refused a 429: the DCR limit (per tenant, in the database), the tenant's Management API
 * budget (charged only once a token has verified, so the request has a principal), or the per-IP budget of
 * requests that failed authentication (no principal). Undefined when the answer is not a 429.
 */
export function rateLimiterLabel(path: string, status: number, authenticated: boolean): string | undefined {
  if (status !== 429) return undefined;
  if (/^\/oidc\/register(\/|\?|$)/.test(path)) return 'dcr';
  if (/^\/(api\/v2|ext\/v1)(\/|\?|$)/.test(path)) return authenticated ? 'management_api' : 'unauthenticated';
  return 'other';
}

/** The figures of the database the process uses: pg's pool on PostgreSQL, the one connection's queue on SQLite. */
function databaseGauges(registry: Registry, ds: DataSource): void {
  if (ds.options.type === 'postgres') {
    const figure = (name: string, help: string, read: (p: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          // TypeORM's PostgreSQL driver keeps its pg Pool as `master` (no replication configured).
          const p = (ds.driver as unknown as { master?: Pool }).master;
          if (p) this.set(read(p));
        },
      });
    figure('gatehouse_db_pool_connections', 'PostgreSQL pool: connections open (idle and in use).', (p) => p.totalCount);
    figure('gatehouse_db_pool_idle_connections', 'PostgreSQL pool: open connections not in use.', (p) => p.idleCount);
    figure('gatehouse_db_pool_waiting_requests', 'PostgreSQL pool: queries waiting for a connection.', (p) => p.waitingCount);
    figure('gatehouse_db_pool_max_connections', 'PostgreSQL pool: most connections it opens.', (p) => p.options.max ?? 10);
    return;
  }
  const queue = (name: string, help: string, read: (q: { waiting: number; active: number }) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const q = sqliteQueueOf(ds);
        if (q) this.set(read(q));
      },
    });
  queue('gatehouse_db_sqlite_active', 'SQLite (one connection per process): statements running now, or 1 for a transaction holding it alone.', (q) => q.active);
  queue('gatehouse_db_sqlite_waiting', 'SQLite (one connection per process): statements and transactions waiting for it.', (q) => q.waiting);
}

export class GatehouseMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'gatehouse_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'gatehouse_http_request_duration_seconds',
    help: 'Time from the request to the end of its response, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: 'gatehouse_token_requests_total',
    help: 'POST /oauth/token answers by grant type and outcome (`issued`, or the error code).',
    labelNames: ['grant_type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly registrations = new Counter({
    name: 'gatehouse_dcr_registrations_total',
    help: 'POST /oidc/register (Dynamic Client Registration) answers by outcome (`registered`, or the error code).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'gatehouse_rate_limit_refusals_total',
    help: 'Requests refused with 429, by limiter: management_api (a tenant’s budget), unauthenticated (per-IP budget of failed authentication), dcr.',
    labelNames: ['limiter'] as const,
    registers: [this.registry],
  });

  constructor(ds: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    databaseGauges(this.registry, ds);
    // Every limiter and outcome family shows from the first scrape, at 0, before it first happens.
    for (const limiter of ['management_api', 'unauthenticated', 'dcr']) this.refusals.inc({ limiter }, 0);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition (text format 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Count every answer as it leaves (Fastify hooks; installed only when /metrics is on). */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      if (req.method === 'POST') {
        const route = req.routeOptions?.url;
        if (route === '/oauth/token') {
          this.tokens.inc({ grant_type: grantTypeLabel(req.body), outcome: outcomeLabel(reply.statusCode, 200, payload, 'issued') });
        } else if (route === '/oidc/register') {
          this.registrations.inc({ outcome: outcomeLabel(reply.statusCode, 201, payload, 'registered') });
        }
      }
      done(null, payload);
    });
    fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const method = methodLabel(req.method);
      const route = routeLabel(req.routeOptions?.url);
      this.requests.inc({ method, route, status: String(reply.statusCode) });
      this.duration.observe({ method, route }, reply.elapsedTime / 1000);
      const limiter = rateLimiterLabel(req.url, reply.statusCode, req.user !== undefined);
      if (limiter) this.refusals.inc({ limiter });
      done();
    });
  }
}

/** The provider token of the application's metrics: a GatehouseMetrics when GATEHOUSE_METRICS=on, else null. */
export const METRICS = Symbol('METRICS');
